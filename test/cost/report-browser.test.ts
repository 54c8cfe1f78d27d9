import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';

// Opens a report `npm run synth` writes (the fintech example, AWS platform) in headless Chromium, as a reader would:
// checks the five charts and the diagram are drawn with the expected labels and figures, and saves the screenshot the
// README shows (docs/report.png). Chromium is Debian's (`apt-get install chromium`, done by .ci/run).

// The page's globals, inside page.evaluate() callbacks (the project compiles without the DOM library).
declare const window: any;
declare const document: any;

const root = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-report-'));
// The pools and the spot fleet (one line, its own pools not drawn), then the storage tiers in the cost chart.
const POOLS = ['a100-scoring', 'h100-research', 'l4-serving', 'train-spot'];
const TIERS = ['checkpoints (storage)', 'ledger-archive (storage)'];

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-examples.js'), '--out', out, 'fintech'], {
    cwd: root, encoding: 'utf-8', env: { ...process.env, ML_PLATFORM_COST_REPORT: 'files' },
  });
  if (run.status !== 0) throw new Error(`synth of the fintech example failed:\n${run.stdout}\n${run.stderr}`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, chromiumSandbox: false });
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // No network: any request other than the file itself fails the page.
  await page.route(/^(?!file:)/, (route) => { errors.push(`request to ${route.request().url()}`); return route.abort(); });
  await page.goto(`file://${path.join(out, 'dist', 'fintech', 'aws-fintech.report.html')}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

test('the page loads without errors or requests', () => {
  expect(errors).toEqual([]);
});

test('five charts are drawn, with the pools and levers as labels, and pixels on every canvas', async () => {
  expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('5');
  const charts = await page.evaluate(() => {
    const all = (window as any).mlPlatformCharts as Record<string, any>;
    return Object.fromEntries(Object.entries(all).map(([id, chart]) => {
      const canvas = chart.canvas;
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      return [id, { labels: chart.data.labels, datasets: chart.data.datasets.map((d: any) => d.label), painted, width: canvas.width }];
    }));
  });
  expect(Object.keys(charts).sort()).toEqual(['chart-energy', 'chart-pools', 'chart-purchase', 'chart-savings', 'chart-teams']);
  for (const id of ['chart-purchase', 'chart-teams', 'chart-energy']) expect(charts[id].labels).toEqual(POOLS);
  expect(charts['chart-pools'].labels).toEqual([...POOLS, ...TIERS]);
  expect(charts['chart-pools'].datasets).toEqual(['floor', 'expected', 'ceiling']);
  expect(charts['chart-purchase'].datasets).toEqual(['on-demand', 'spot', 'on-demand fallback', 'reserved']);
  expect(charts['chart-teams'].datasets).toEqual(['fraud-scoring', 'payments-api', 'quant-research', 'idle (unallocated)']);
  expect(charts['chart-savings'].labels).toEqual(['baseline', 'partitioning/sharing', 'right-sizing', 'spot', 'scale-to-zero', 'storage tiering', 'expected']);
  for (const chart of Object.values(charts) as any[]) {
    expect(chart.width).toBeGreaterThan(300);
    // Bars, axes and text: thousands of painted pixels, not an empty canvas.
    expect(chart.painted).toBeGreaterThan(5000);
  }
});

test('the diagram draws pools, flavors, queues and teams, linked', async () => {
  const svg = await page.evaluate(() => {
    const el = document.getElementById('topology');
    const names = (cls: string) => [...el.querySelectorAll(`g.node.${cls}`)].map((g: any) => g.getAttribute('data-name'));
    const box = el.getBoundingClientRect();
    return {
      pools: names('pool'), flavors: names('flavor'), queues: names('queue'), teams: names('team'),
      edges: el.querySelectorAll('path.edge').length, labels: [...el.querySelectorAll('text.edge-label')].map((t: any) => t.textContent),
      width: box.width, height: box.height,
    };
  });
  expect(svg.pools).toEqual(POOLS);
  expect(svg.flavors).toEqual(svg.pools);
  expect(svg.queues).toEqual(['fraud-scoring', 'payments-api', 'quant-research']);
  expect(svg.teams).toEqual(svg.queues);
  // 4 pool -> flavor, 4 flavor -> queue (quant-research has the H100 pool and the fleet), 3 queue -> team.
  expect(svg.edges).toBe(11);
  expect(svg.labels).toEqual(expect.arrayContaining(['28 mig-1g.5gb', '3 gpu', '8 gpu', '1 gpu']));
  expect(svg.width).toBeGreaterThan(900);
  expect(svg.height).toBeGreaterThan(200);
});

test('the figures on the page agree with each other and with the Markdown report', async () => {
  const text = await page.evaluate(() => ({
    expected: document.querySelector('#card-expected .value').textContent,
    total: ([...document.querySelectorAll('#table-pools tbody tr')].pop() as any).querySelectorAll('td')[8].textContent,
    idle: [...document.querySelectorAll('#table-teams tbody tr')].filter((r: any) => r.textContent.startsWith('idle')).length,
    fleet: [...document.querySelectorAll('#table-fleets tbody tr')].map((r: any) => r.querySelector('td').textContent),
    tiers: [...document.querySelectorAll('#table-storage tbody tr')].map((r: any) => r.querySelector('td').textContent),
    levers: [...document.querySelectorAll('#table-savings tbody tr')].map((r: any) => r.querySelector('td').textContent),
  }));
  expect(text.expected).toMatch(/^\$\d{1,3}(,\d{3})+$/);
  expect(text.total).toBe(text.expected);
  // An idle line per pool and per fleet.
  expect(text.idle).toBe(4);
  expect(text.fleet).toEqual(['train-spot']);
  expect(text.tiers).toEqual(['checkpoints', 'ledger-archive']);
  expect(text.levers).toEqual(['baseline', 'partitioning/sharing', 'right-sizing', 'spot', 'scale-to-zero', 'storage tiering', 'expected']);
  const md = fs.readFileSync(path.join(out, 'dist', 'fintech', 'aws-fintech.report.md'), 'utf-8');
  expect(md).toContain(`| **platform total (pools, fleets, storage)** |  |  |  |  |  | $19,493 | ${text.expected} |`);
  expect(md).toContain('## Spot fleets');
  expect(md).toContain('## Storage tiers');
});

test('a screenshot for the README', async () => {
  // The figures, the charts and the diagram: the page down to the end of the panels.
  const file = path.join(root, 'docs', 'report.png');
  const panels = (await page.locator('.grid').boundingBox())!;
  await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(panels.y + panels.height + 16) }, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(50_000);
});
