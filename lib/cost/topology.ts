import { compareStrings, isCpuOrMemory } from '../core/order';
import { PlatformModel } from '../model/types';
import { count, dollars } from './format';
import { PlatformEstimate } from './types';

// The pools -> flavors -> queues -> teams graph of a platform, as data (for the Markdown report's Mermaid chart and
// the HTML report's SVG). Both backends name a team's queue after the team (Kueue ClusterQueue, Volcano Queue) and a
// pool's flavor after the pool.

/** A box of the diagram. */
export interface TopologyNode {
  readonly id: string;
  readonly column: 'pool' | 'flavor' | 'queue' | 'team';
  readonly label: string;
  readonly detail: string;
}

/** A line of the diagram. */
export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Topology {
  readonly columns: Record<TopologyNode['column'], string>;
  readonly nodes: TopologyNode[];
  readonly edges: TopologyEdge[];
  /** Teams left out to keep the diagram readable (the smallest by showback). */
  readonly hiddenTeams: number;
}

/** Most teams drawn; the rest are summed up in one box. */
export const MAX_DIAGRAM_TEAMS = 40;

const COLUMNS: Record<string, Record<TopologyNode['column'], string>> = {
  kueue: { pool: 'Pools (node groups)', flavor: 'ResourceFlavors', queue: 'ClusterQueues', team: 'Teams (namespaces)' },
  volcano: { pool: 'Pools (node groups)', flavor: 'Node selectors (pool label)', queue: 'Volcano Queues', team: 'Teams (namespaces)' },
};

/** The graph of a platform, with the estimate's figures on it. */
export function topologyOf(model: PlatformModel, estimate: PlatformEstimate, schedulerKind: string): Topology {
  const pools = new Map(estimate.pools.map((p) => [p.pool, p]));
  const fleets = new Map(estimate.fleets.map((f) => [f.fleet, f]));
  const showback = new Map(estimate.teams.map((t) => [t.team, t]));
  const teams = [...model.teams]
    .sort((a, b) => (showback.get(b.name)?.expectedMonthlyUsd ?? 0) - (showback.get(a.name)?.expectedMonthlyUsd ?? 0) || compareStrings(a.name, b.name))
    .slice(0, MAX_DIAGRAM_TEAMS)
    .sort((a, b) => compareStrings(a.name, b.name));
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  for (const pool of model.capacityPools) {
    const priced = pools.get(pool.name);
    const fleet = fleets.get(pool.name);
    const detail = priced ? `${priced.instanceType} x ${priced.minNodes}-${priced.maxNodes}, ${dollars(priced.expectedMonthlyUsd)}/mo`
      : fleet ? `spot fleet of ${fleet.spotInstanceTypes.length} types x ${fleet.onDemandBaseNodes}-${fleet.maxNodes}, ${dollars(fleet.expectedMonthlyUsd)}/mo`
      : pool.fleet !== undefined ? 'spot fleet, not priced'
      : pool.nodePool ? `${pool.nodePool.offering.name}, not priced` : 'external, not priced';
    const flavorDetail = priced?.capacityType ?? (pool.fleet !== undefined ? (pool.spotOnly ? 'spot fleet, spot only' : 'spot fleet with on-demand nodes')
      : pool.nodePool ? pool.nodePool.capacity.type : 'external');
    nodes.push({ id: `pool:${pool.name}`, column: 'pool', label: pool.name, detail });
    nodes.push({ id: `flavor:${pool.name}`, column: 'flavor', label: pool.name, detail: flavorDetail });
    edges.push({ from: `pool:${pool.name}`, to: `flavor:${pool.name}`, label: '' });
  }
  for (const team of teams) {
    const s = showback.get(team.name);
    nodes.push({ id: `queue:${team.name}`, column: 'queue', label: team.name, detail: team.sharesCapacity ? 'in the cohort' : 'not shared' });
    nodes.push({ id: `team:${team.name}`, column: 'team', label: team.name, detail: `${team.namespaces.join(', ')}${s ? `, ${dollars(s.expectedMonthlyUsd)}/mo` : ''}` });
    for (const flavor of [...team.flavors].sort((a, b) => compareStrings(a.pool, b.pool))) {
      const amounts = [...flavor.resources].filter(([name, a]) => !a.nominal.isZero() && !isCpuOrMemory(name));
      const shown = amounts.length > 0 ? amounts : [...flavor.resources].filter(([, a]) => !a.nominal.isZero());
      const label = shown.map(([name, a]) => `${a.nominal.toString()} ${shortName(name)}`).join(', ') || 'borrows only';
      edges.push({ from: `flavor:${flavor.pool}`, to: `queue:${team.name}`, label });
    }
    edges.push({ from: `queue:${team.name}`, to: `team:${team.name}`, label: '' });
  }
  const hidden = model.teams.length - teams.length;
  if (hidden > 0) nodes.push({ id: 'team:(more)', column: 'team', label: `+${count(hidden)} more teams`, detail: 'see the team table' });
  return { columns: COLUMNS[schedulerKind] ?? { pool: 'Pools', flavor: 'Flavors', queue: 'Queues', team: 'Teams' }, nodes, edges, hiddenTeams: hidden };
}

function shortName(resource: string): string {
  return resource.replace(/^nvidia\.com\//, '');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const BOX_W = 200;
const BOX_H = 46;
const GAP_X = 130;
const GAP_Y = 14;
const TOP = 40;
const ORDER: Array<TopologyNode['column']> = ['pool', 'flavor', 'queue', 'team'];
const FILL: Record<TopologyNode['column'], string> = { pool: '#e8f0fe', flavor: '#e6f4ea', queue: '#fef7e0', team: '#fce8e6' };

/** The graph as an SVG drawn in four columns, lines as curves between box edges. Deterministic. */
export function renderTopologySvg(t: Topology): string {
  const byColumn = ORDER.map((c) => t.nodes.filter((n) => n.column === c));
  const rows = Math.max(1, ...byColumn.map((c) => c.length));
  const height = TOP + rows * (BOX_H + GAP_Y) + 10;
  const width = ORDER.length * BOX_W + (ORDER.length - 1) * GAP_X + 20;
  const at = new Map<string, { x: number; y: number }>();
  byColumn.forEach((nodes, col) => {
    const offset = ((rows - nodes.length) * (BOX_H + GAP_Y)) / 2;
    nodes.forEach((n, i) => at.set(n.id, { x: 10 + col * (BOX_W + GAP_X), y: TOP + offset + i * (BOX_H + GAP_Y) }));
  });
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" id="topology" role="img" aria-label="pools, flavors, queues and teams" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`);
  ORDER.forEach((c, col) => {
    parts.push(`<text class="column" x="${10 + col * (BOX_W + GAP_X)}" y="20" font-size="13" font-weight="600" fill="#333">${escapeXml(t.columns[c])}</text>`);
  });
  for (const e of t.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + BOX_W;
    const y1 = a.y + BOX_H / 2;
    const x2 = b.x;
    const y2 = b.y + BOX_H / 2;
    const mid = (x1 + x2) / 2;
    parts.push(`<path class="edge" data-from="${escapeXml(e.from)}" data-to="${escapeXml(e.to)}" d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" fill="none" stroke="#8a8f98" stroke-width="1.5"/>`);
    if (e.label) {
      // Drawn over the curves with a white halo, so that crossing lines do not hide it.
      parts.push(`<text class="edge-label" x="${mid}" y="${(y1 + y2) / 2 + 3}" font-size="10" text-anchor="middle" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeXml(e.label)}</text>`);
    }
  }
  for (const n of t.nodes) {
    const p = at.get(n.id)!;
    parts.push(`<g class="node ${n.column}" data-name="${escapeXml(n.label)}">`
      + `<rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${FILL[n.column]}" stroke="#5f6368"/>`
      + `<text x="${p.x + 8}" y="${p.y + 18}" font-size="13" font-weight="600" fill="#202124">${escapeXml(n.label)}</text>`
      + `<text x="${p.x + 8}" y="${p.y + 35}" font-size="11" fill="#3c4043">${escapeXml(clip(n.detail, 33))}</text></g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The graph as a Mermaid flowchart (GitHub renders it in the Markdown report). */
export function renderTopologyMermaid(t: Topology): string {
  const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const quote = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const c of ORDER) {
    lines.push(`  subgraph ${c}s["${quote(t.columns[c])}"]`);
    for (const n of t.nodes.filter((x) => x.column === c)) lines.push(`    ${id(n.id)}["${quote(n.label)}<br/>${quote(n.detail)}"]`);
    lines.push('  end');
  }
  for (const e of t.edges) lines.push(`  ${id(e.from)} -->${e.label ? `|"${quote(e.label)}"|` : ''} ${id(e.to)}`);
  return lines.join('\n');
}
