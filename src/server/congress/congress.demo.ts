import type { AppContext } from '../platform/context';

export async function seedDemoCongress(_ctx: AppContext): Promise<void> {}
