import { AccountRef, SystemAccountKind, UserAccountKind } from '../../domain';

/** System accounts belong to the nil UUID, so (owner, kind, asset) is one unique key for all accounts. */
export const SYSTEM_OWNER = '00000000-0000-0000-0000-000000000000';

export function ownerOf(ref: AccountRef): string {
  return ref.owner === 'user' ? ref.userId : SYSTEM_OWNER;
}

export function refOf(ownerId: string, kind: string, asset: string): AccountRef {
  return ownerId === SYSTEM_OWNER
    ? { owner: 'system', kind: kind as SystemAccountKind, asset }
    : { owner: 'user', userId: ownerId, kind: kind as UserAccountKind, asset };
}
