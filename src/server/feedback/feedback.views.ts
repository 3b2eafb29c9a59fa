import { and, asc, eq } from 'drizzle-orm';
import type { CurrentUser } from '@server/platform/auth/access';
import type { AppContext } from '@server/platform/context';
import { feedbackSavedViews } from './feedback.tables';

/** Saved inbox filters, private to each user. */
export async function listViews(ctx: AppContext, user: CurrentUser) {
  const found = await ctx.db
    .select()
    .from(feedbackSavedViews)
    .where(eq(feedbackSavedViews.userId, user.id))
    .orderBy(asc(feedbackSavedViews.name));
  return found.map((v) => ({ id: v.id, name: v.name, query: v.query }));
}

export async function saveView(
  ctx: AppContext,
  user: CurrentUser,
  input: { name: string; query: Record<string, string> },
) {
  const [saved] = await ctx.db
    .insert(feedbackSavedViews)
    .values({ userId: user.id, name: input.name, query: input.query })
    .onConflictDoUpdate({
      target: [feedbackSavedViews.userId, feedbackSavedViews.name],
      set: { query: input.query },
    })
    .returning();
  if (!saved) throw new Error('saved view not written');
  return { id: saved.id, name: saved.name, query: saved.query };
}

export async function deleteView(ctx: AppContext, user: CurrentUser, id: number): Promise<boolean> {
  const removed = await ctx.db
    .delete(feedbackSavedViews)
    .where(and(eq(feedbackSavedViews.id, id), eq(feedbackSavedViews.userId, user.id)))
    .returning({ id: feedbackSavedViews.id });
  return removed.length > 0;
}
