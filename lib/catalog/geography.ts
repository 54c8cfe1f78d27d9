import { CloudProvider } from '../core/cloud';
import { compareStrings } from '../core/order';
import { closestStrings } from './closest';
import { RegionInfo, ZoneInfo } from './types';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Regions and zones of both clouds, with the name checks the catalog offers. */
export class Geography {
  private readonly byCloud = new Map<CloudProvider, Map<string, RegionInfo>>();

  constructor(regions: RegionInfo[]) {
    for (const r of [...regions].sort((a, b) => compareStrings(a.name, b.name))) {
      const map = this.byCloud.get(r.cloud) ?? new Map<string, RegionInfo>();
      map.set(r.name, r);
      this.byCloud.set(r.cloud, map);
    }
  }

  public regions(cloud: CloudProvider): RegionInfo[] {
    return [...(this.byCloud.get(cloud)?.values() ?? [])];
  }

  public find(cloud: CloudProvider, name: string): RegionInfo | undefined {
    return typeof name === 'string' ? this.byCloud.get(cloud)?.get(name) : undefined;
  }

  public closest(cloud: CloudProvider, name: string, count: number): string[] {
    return closestStrings(name, this.byCloud.get(cloud)?.keys() ?? [], count);
  }

  /** The zones the data lets us name in a region (AWS: the letters its AZ count allows; GCP: the zone list). */
  public zonesOf(region: RegionInfo): ZoneInfo[] {
    if (region.cloud === CloudProvider.AWS) {
      return LETTERS.slice(0, awsLetterCount(region)).split('').filter((l) => l).map((l) => awsZone(region, `${region.name}${l}`));
    }
    return region.zones.map((z) => gcpListedZone(region, z));
  }

  public findZone(cloud: CloudProvider, name: string): ZoneInfo | undefined {
    if (typeof name !== 'string') return undefined;
    if (cloud === CloudProvider.AWS) {
      const m = /^(.+-\d+)([a-z])$/.exec(name);
      const region = m ? this.find(cloud, m[1]) : undefined;
      if (!m || !region) return undefined;
      if (region.zoneIds.length === 0 && region.zoneCount === undefined) {
        return {
          cloud, name, region: region.name, verified: false,
          evidence: `The data has no Availability Zones for ${region.name}; ${name} was accepted by its form (<region><letter>) only.`,
        };
      }
      return LETTERS.indexOf(m[2]) < awsLetterCount(region) ? awsZone(region, name) : undefined;
    }
    const m = /^(.+\d)-([a-z])$/.exec(name);
    const region = m ? this.find(cloud, m[1]) : undefined;
    if (!m || !region) return undefined;
    if (region.zones.length === 0) {
      return {
        cloud, name, region: region.name, verified: false,
        evidence: `The data has no zone list for ${region.name}; ${name} was accepted by its form (<region>-<letter>) only.`,
      };
    }
    return region.zones.includes(name) ? gcpListedZone(region, name) : undefined;
  }

  /**
   * What to offer instead of a zone name the data rules out: the zones of its region when the name
   * starts with a known region, else the `count` zone names closest in spelling.
   */
  public zoneSuggestions(cloud: CloudProvider, name: string, count: number): string {
    const region = typeof name === 'string'
      ? this.regions(cloud).filter((r) => name.startsWith(r.name)).sort((a, b) => b.name.length - a.name.length)[0]
      : undefined;
    const zones = region ? this.zonesOf(region).map((z) => z.name) : [];
    if (region && zones.length > 0) return `zones of ${region.name}: ${zones.join(', ')}`;
    const names = this.regions(cloud).flatMap((r) => this.zonesOf(r).map((z) => z.name));
    return `closest: ${closestStrings(name, names, count).join(', ')}`;
  }
}

/**
 * How many zone letters an AWS region can have: its AZ count, or more when its AZ IDs skip numbers
 * (ca-central-1 has cac1-az1, -az2 and -az4, and its zones are a, b and d).
 */
function awsLetterCount(region: RegionInfo): number {
  const highestId = Math.max(0, ...region.zoneIds.map((id) => Number(/-az(\d+)$/.exec(id)?.[1] ?? 0)));
  return Math.max(region.zoneCount ?? 0, highestId);
}

function awsZone(region: RegionInfo, name: string): ZoneInfo {
  const letters = awsLetterCount(region);
  return {
    cloud: CloudProvider.AWS,
    name,
    region: region.name,
    verified: true,
    evidence: `${region.name} has ${region.zoneCount ?? region.zoneIds.length} Availability Zones (IDs ${region.zoneIds.join(', ')}), so letters a-${LETTERS[letters - 1]} `
      + 'can exist; which physical zone a letter names, and whether this account can use it, is per account (use the AZ IDs to pin one).',
  };
}

function gcpListedZone(region: RegionInfo, name: string): ZoneInfo {
  return {
    cloud: CloudProvider.GCP,
    name,
    region: region.name,
    verified: true,
    hasGpus: region.zonesWithGpus.includes(name),
    evidence: `${name} is in the zone list of ${region.name} (${region.source}).`,
  };
}
