import { Construct } from 'constructs';
import { StorageTierModel } from '../model/types';
import { CDKTF_WARNING } from './cloud-warnings';

/**
 * Warnings about storage tiers found by invariants, put once on the tier's cloud-layer scope as the `warning` metadata
 * cdktf and the constructs library report (invariants run on every synth of either layer: a warning must not repeat).
 */
export class StorageWarnings {
  /** The cloud-layer scope of each tier, by tier name. */
  public readonly scopes = new Map<string, Construct>();
  private readonly given = new Set<string>();

  /** Reports a warning on the tier's scope, once. */
  public readonly warn = (tier: StorageTierModel, message: string): void => {
    const scope = this.scopes.get(tier.name);
    if (!scope || this.given.has(message)) return;
    this.given.add(message);
    scope.node.addMetadata(CDKTF_WARNING, message);
  };
}

