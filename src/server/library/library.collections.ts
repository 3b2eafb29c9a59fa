import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertUnitAccess, type CurrentUser } from '../platform/auth/access';
import { recordAudit, type AuditActor } from '../platform/audit/audit.service';
import { rows, type Db, type Executor } from '../platform/db/client';
import { errors } from '../platform/http/errors';
import { optionalText, requiredText, withLetterOrDigit } from '../platform/http/schema';
import { canManage, LIBRARIAN_ROLES, visibleCondition } from './library.policy';
import { findVisibleDocument, libraryUnit } from './library.service';

export const collectionIn = z.object({
  name: withLetterOrDigit(requiredText(200)).describe(
    'Tên bộ sưu tập, có ít nhất một chữ cái hoặc chữ số',
  ),
  description: optionalText(2000).describe('Mô tả'),
  theme: optionalText(200).describe('Chủ đề'),
  unitCode: z.string().min(1).max(20).describe('Đơn vị quản lý (cấp của bộ sưu tập)'),
  isPublic: z.boolean().default(true).describe('Hiện trên trang thư viện công khai'),
});
export type CollectionIn = z.infer<typeof collectionIn>;

export const collectionOut = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  theme: z.string().nullable(),
  level: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  isPublic: z.boolean(),
  documentCount: z.number().describe('Số tài liệu người đọc được xem'),
  canManage: z.boolean(),
});

type Row = {
  id: number;
  name: string;
  description: string | null;
  theme: string | null;
  level: string;
  unit_code: string;
  unit_name: string;
  unit_path: string;
  is_public: boolean;
  document_count: number;
};

function present(row: Row, viewer: CurrentUser | null): z.infer<typeof collectionOut> {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    theme: row.theme,
    level: row.level,
    unitCode: row.unit_code,
    unitName: row.unit_name,
    isPublic: row.is_public,
    documentCount: row.document_count,
    canManage: canManage(viewer, row.unit_path),
  };
}

/** The collections a reader may see: public ones, and those of units the reader manages. */
export function visibleCollections(viewer: CurrentUser | null) {
  if (!viewer) return sql`c.is_public`;
  const managed = viewer.roles
    .filter((g) => LIBRARIAN_ROLES.includes(g.role))
    .map((g) => sql`(c.unit_path = ${g.unitPath} OR c.unit_path LIKE ${`${g.unitPath}/%`})`);
  return managed.length ? sql`(c.is_public OR ${sql.join(managed, sql` OR `)})` : sql`c.is_public`;
}

/** Collections the reader may see; counts only the documents the reader may see. */
export async function listCollections(db: Executor, viewer: CurrentUser | null, id?: number) {
  const found = await rows<Row>(
    db,
    sql`SELECT c.id::int AS id, c.name, c.description, c.theme, c.level, c.unit_code, u.name AS unit_name, c.unit_path,
          c.is_public,
          (SELECT count(*)::int FROM library_collection_items i JOIN library_documents d ON d.id = i.document_id
            WHERE i.collection_id = c.id AND ${visibleCondition(viewer)}) AS document_count
        FROM library_collections c JOIN units u ON u.code = c.unit_code
        WHERE ${visibleCollections(viewer)} ${id ? sql`AND c.id = ${id}` : sql``}
        ORDER BY c.level, c.name`,
  );
  return found.map((r) => present(r, viewer));
}

export async function getCollection(db: Executor, viewer: CurrentUser | null, id: number) {
  const [found] = await listCollections(db, viewer, id);
  if (!found) throw errors.notFound('bộ sưu tập');
  await db.execute(
    sql`INSERT INTO library_events (kind, collection_id) VALUES ('collection_view', ${id})`,
  );
  return found;
}

/**
 * Librarians (cadre, leader, admin) create collections for their unit or a unit below; the unit
 * is checked as for a document upload (unknown 400, not managed 403, both on «unitCode»).
 */
export async function createCollection(
  db: Db,
  user: CurrentUser,
  input: CollectionIn,
  actor: AuditActor,
) {
  const unit = await libraryUnit(db, user, input.unitCode);
  return db.transaction(async (tx) => {
    const [row] = await rows<{ id: number }>(
      tx,
      sql`INSERT INTO library_collections (name, description, theme, level, unit_code, unit_path, is_public, created_by)
          VALUES (${input.name}, ${input.description ?? null}, ${input.theme ?? null}, ${unit.level}, ${unit.code},
            ${unit.path}, ${input.isPublic}, ${user.id}) RETURNING id::int AS id`,
    );
    const id = Number(row!.id);
    await recordAudit(tx, actor, {
      action: 'library.collection.create',
      entityType: 'library_collection',
      entityId: id,
      after: input,
      unitCode: unit.code,
    });
    return id;
  });
}

async function managedCollection(db: Executor, user: CurrentUser, id: number) {
  const [row] = await rows<{ unit_path: string; unit_code: string; is_public: boolean }>(
    db,
    sql`SELECT unit_path, unit_code, is_public FROM library_collections WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw errors.notFound('bộ sưu tập');
  assertUnitAccess(user, row.unit_path, LIBRARIAN_ROLES);
  return row;
}

/** Adds a document (that the librarian may see) to a collection of their unit. */
export async function addToCollection(
  db: Db,
  user: CurrentUser,
  id: number,
  documentId: number,
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    const collection = await managedCollection(tx, user, id);
    await findVisibleDocument(tx, user, documentId).catch(() => {
      throw errors.validation('documentId', 'không có tài liệu này hoặc bạn không được xem.');
    });
    await tx.execute(sql`INSERT INTO library_collection_items (collection_id, document_id, position)
      VALUES (${id}, ${documentId}, (SELECT coalesce(max(position), 0) + 1 FROM library_collection_items WHERE collection_id = ${id}))
      ON CONFLICT DO NOTHING`);
    await recordAudit(tx, actor, {
      action: 'library.collection.add',
      entityType: 'library_collection',
      entityId: id,
      after: { documentId },
      unitCode: collection.unit_code,
    });
  });
}

export async function removeFromCollection(
  db: Db,
  user: CurrentUser,
  id: number,
  documentId: number,
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    const collection = await managedCollection(tx, user, id);
    await tx.execute(
      sql`DELETE FROM library_collection_items WHERE collection_id = ${id} AND document_id = ${documentId}`,
    );
    await recordAudit(tx, actor, {
      action: 'library.collection.remove',
      entityType: 'library_collection',
      entityId: id,
      before: { documentId },
      unitCode: collection.unit_code,
    });
  });
}

/**
 * The fields to change on a collection: each one sent is checked as on creation, each one left
 * out keeps its stored value (no defaults here, or a rename would also publish the collection).
 * An empty description or theme, or null, clears it.
 */
export const collectionUpdate = z.object({
  name: collectionIn.shape.name.optional(),
  description: collectionIn.shape.description,
  theme: collectionIn.shape.theme,
  isPublic: z.boolean().optional().describe('Hiện trên trang thư viện công khai'),
});
export type CollectionUpdate = z.infer<typeof collectionUpdate>;

type EditableFields = {
  name: string;
  description: string | null;
  theme: string | null;
  isPublic: boolean;
};

/** Renames or re-describes a collection of the librarian's unit (its unit stays). */
export async function updateCollection(
  db: Db,
  user: CurrentUser,
  id: number,
  input: CollectionUpdate,
  actor: AuditActor,
) {
  await db.transaction(async (tx) => {
    const collection = await managedCollection(tx, user, id);
    const [before] = await rows<EditableFields>(
      tx,
      sql`SELECT name, description, theme, is_public AS "isPublic" FROM library_collections WHERE id = ${id}`,
    );
    const after: EditableFields = {
      name: input.name ?? before!.name,
      description: input.description === undefined ? before!.description : input.description,
      theme: input.theme === undefined ? before!.theme : input.theme,
      isPublic: input.isPublic ?? before!.isPublic,
    };
    await tx.execute(sql`UPDATE library_collections SET name = ${after.name},
        description = ${after.description}, theme = ${after.theme},
        is_public = ${after.isPublic}, updated_at = now()
      WHERE id = ${id}`);
    await recordAudit(tx, actor, {
      action: 'library.collection.update',
      entityType: 'library_collection',
      entityId: id,
      before,
      after,
      unitCode: collection.unit_code,
    });
  });
}

/** Deletes a collection; its documents stay in the library. */
export async function deleteCollection(db: Db, user: CurrentUser, id: number, actor: AuditActor) {
  await db.transaction(async (tx) => {
    const collection = await managedCollection(tx, user, id);
    const [before] = await rows<Record<string, unknown>>(
      tx,
      sql`SELECT name, description, theme, is_public AS "isPublic",
            (SELECT array_agg(document_id ORDER BY position) FROM library_collection_items WHERE collection_id = ${id}) AS "documentIds"
          FROM library_collections WHERE id = ${id}`,
    );
    await tx.execute(sql`DELETE FROM library_collections WHERE id = ${id}`);
    await recordAudit(tx, actor, {
      action: 'library.collection.delete',
      entityType: 'library_collection',
      entityId: id,
      before,
      unitCode: collection.unit_code,
    });
  });
}

export const collectionItemOut = z.object({
  id: z.number(),
  title: z.string(),
  number: z.string().nullable(),
  docType: z.string(),
  issuedOn: z.string().nullable(),
});

/** The documents of a collection the reader may see, in the collection's order. */
export async function collectionItems(db: Executor, viewer: CurrentUser | null, id: number) {
  const [collection] = await listCollections(db, viewer, id);
  if (!collection) throw errors.notFound('bộ sưu tập');
  const found = await rows<{
    id: number;
    title: string;
    number: string | null;
    doc_type: string;
    issued_on: string | null;
  }>(
    db,
    sql`SELECT d.id::int AS id, d.title, d.number, d.doc_type, d.issued_on::text AS issued_on
        FROM library_collection_items i JOIN library_documents d ON d.id = i.document_id
        WHERE i.collection_id = ${id} AND ${visibleCondition(viewer)}
        ORDER BY i.position, d.id`,
  );
  return found.map((d) => ({
    id: Number(d.id),
    title: d.title,
    number: d.number,
    docType: d.doc_type,
    issuedOn: d.issued_on,
  }));
}
