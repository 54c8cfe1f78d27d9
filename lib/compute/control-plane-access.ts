import { ErrorCode, ValidationError } from '../core/errors';
import { assertArray, assertBoolean, assertString, Check } from '../core/guards';
import { compareStrings } from '../core/order';

/** How a cluster's control plane may be reached, checked. */
export interface ControlPlaneAccess {
  /** Whether the control plane has a public endpoint. */
  readonly publicEndpoint: boolean;
  /** Sorted, distinct; empty for a private endpoint. */
  readonly publicAccessCidrs: string[];
}

const IPV4_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;

const check = (what: string, fix: string): Check => ({ code: ErrorCode.CLUSTER_INVALID, what, fix });

/**
 * Checks how a created cluster's control plane may be reached (EKS and GKE alike): private unless `endpointPublicAccess`;
 * a public endpoint only from the IPv4 CIDR blocks given, the whole internet (`/0`) only with
 * `allowPublicAccessFromAnywhere`.
 */
export function resolveControlPlaneAccess(
  props: { readonly endpointPublicAccess?: unknown; readonly publicAccessCidrs?: unknown; readonly allowPublicAccessFromAnywhere?: unknown },
  maxCidrs: number,
): ControlPlaneAccess {
  for (const key of ['endpointPublicAccess', 'allowPublicAccessFromAnywhere'] as const) {
    if (props[key] !== undefined) assertBoolean(props[key], check(`\`${key}\``, `Write ${key}: true or false.`));
  }
  const publicEndpoint = props.endpointPublicAccess === true;
  const cidrs = props.publicAccessCidrs;
  if (cidrs !== undefined) {
    assertArray(cidrs, check('`publicAccessCidrs`', 'Pass CIDR blocks such as ["203.0.113.0/24"].'), (cidr, i) => {
      const what = `\`publicAccessCidrs[${i}]\``;
      if (typeof cidr === 'string' && cidr.includes(':')) {
        throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
          message: `${what} is an IPv6 block; the clusters the platform creates are IPv4 clusters, whose control plane takes IPv4 blocks only.`,
          received: cidr,
          allowed: 'an IPv4 CIDR block',
          fix: 'Pass the IPv4 ranges that need to reach the control plane (e.g. your office or VPN egress).',
        });
      }
      assertString(cidr, check(what, 'Pass CIDR blocks such as "203.0.113.0/24".'), { pattern: IPV4_CIDR, allowed: 'an IPv4 CIDR block' });
    });
    if (!publicEndpoint && cidrs.length > 0) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: '`publicAccessCidrs` apply to a public endpoint, but the endpoint is private.',
        received: cidrs,
        fix: 'Set endpointPublicAccess: true to open a public endpoint to these blocks, or remove publicAccessCidrs.',
      });
    }
    if (new Set(cidrs).size > maxCidrs) {
      throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
        message: `The control plane takes at most ${maxCidrs} CIDR blocks.`,
        received: new Set(cidrs).size,
        fix: 'Merge adjacent blocks, or reach the control plane through a VPN into the VPC.',
      });
    }
  }
  const blocks = [...new Set((cidrs ?? []) as string[])].sort(compareStrings);
  if (publicEndpoint && blocks.length === 0) {
    throw new ValidationError(ErrorCode.CLUSTER_INVALID, {
      message: 'A public API endpoint needs the CIDR blocks allowed to reach it.',
      received: cidrs ?? [],
      fix: 'Set publicAccessCidrs (e.g. your office egress range), or keep the endpoint private.',
    });
  }
  const anywhere = blocks.find((b) => b.endsWith('/0'));
  if (anywhere !== undefined && props.allowPublicAccessFromAnywhere !== true) {
    throw new ValidationError(ErrorCode.CONTROL_PLANE_OPEN, {
      message: `${anywhere} opens the control plane to the whole internet.`,
      received: blocks,
      allowed: 'the ranges that need access, e.g. an office or VPN egress range',
      fix: 'List the ranges that need to reach the API server; if it must be reachable from anywhere, set allowPublicAccessFromAnywhere: true.',
    });
  }
  return { publicEndpoint, publicAccessCidrs: publicEndpoint ? blocks : [] };
}
