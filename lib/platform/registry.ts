import { ErrorCode, ValidationError } from '../core/errors';
import { Member, NameClaim } from '../model/context';

/**
 * The platform's one registry: every member, and the names each claims per name space (pools, queues, Kubernetes
 * namespaces, ...). A member whose claims clash is refused before anything is recorded.
 */
export class Registry {
  private readonly list: Member[] = [];
  private readonly claims = new Map<string, Map<string, { member: Member; holder: string }>>();
  private changes = 0;

  /** How many members were registered: a change tells cached derivations to rebuild. */
  public get version(): number {
    return this.changes;
  }

  public get members(): readonly Member[] {
    return this.list;
  }

  public claimant(space: string, name: string): Member | undefined {
    return this.claims.get(space)?.get(name)?.member;
  }

  public register(member: Member, claims: NameClaim[]): void {
    const seen = new Map<string, NameClaim>();
    for (const claim of claims) {
      const key = `${claim.space}\u0000${claim.name}`;
      const existing = this.claims.get(claim.space)?.get(claim.name) ?? (seen.has(key) ? { member, holder: seen.get(key)!.holder } : undefined);
      if (existing !== undefined) {
        const message = claim.clash(existing.holder, existing.member.source.node.path, existing.member.kind === member.kind);
        throw new ValidationError(ErrorCode.DUPLICATE_NAME, { message, received: claim.name, fix: claim.fix }, member.source);
      }
      seen.set(key, claim);
    }
    for (const claim of claims) {
      let space = this.claims.get(claim.space);
      if (!space) {
        space = new Map();
        this.claims.set(claim.space, space);
      }
      space.set(claim.name, { member, holder: claim.holder });
    }
    this.list.push(member);
    this.changes++;
  }
}
