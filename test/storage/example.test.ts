import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { cloudProblems } from '../support/cloud-rules';
import { DURABLE_RESOURCE_TYPES, unclassifiedResourceTypes, unprotectedDurableResources } from '../support/durable-resources';
import { storageProtectionProblems } from '../support/storage-protection';

// The storage-tiers example as `npm run synth` runs it: both layers on both clouds, the tiers' objects as the issue lists
// them, protected and within the services' limits. (test/examples checks every example against the official schemas.)
const root = path.resolve(__dirname, '../..');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mlp-storage-example-'));
const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'synth-examples.js'), '--out', out, 'storage-tiers'], { cwd: root, encoding: 'utf-8' });

const objects = (stack: string): any[] => parseAllDocuments(fs.readFileSync(path.join(out, 'dist', 'storage-tiers', `${stack}.k8s.yaml`), 'utf-8')).map((d) => d.toJS());
const terraform = (stack: string): any => JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'storage-tiers', 'stacks', stack, 'cdk.tf.json'), 'utf-8'));

test('the example synthesizes and prints each tier with its service, driver and cost', () => {
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('aws-ml/train-hot: Amazon FSx for Lustre');
  expect(run.stdout).toContain('gcp-ml/train-hot: Google Cloud Managed Lustre');
  expect(run.stdout).toMatch(/aws-ml\/datasets: .*\$\d+\.\d\d\/month/);
});

describe.each(['aws-ml', 'gcp-ml'])('%s', (stack) => {
  const k8s = objects(stack);
  const tf = terraform(stack);

  test('a StorageClass per tier; a claim and a volume per team namespace and tier given', () => {
    expect(k8s.filter((o) => o.kind === 'StorageClass').map((o) => o.metadata.name).sort()).toEqual(['datasets', 'notebooks', 'train-hot', 'weights']);
    const claims = k8s.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(claims).toEqual([
      'inference/weights', 'research/datasets', 'research/notebooks',
      'training-dev/datasets', 'training-dev/notebooks', 'training-dev/train-hot', 'training/datasets', 'training/notebooks', 'training/train-hot',
    ]);
    expect(k8s.filter((o) => o.kind === 'PersistentVolume')).toHaveLength(claims.length);
  });

  test('team quotas name each tier\'s class; the tiers a team was not given are 0', () => {
    const hard = k8s.find((o) => o.kind === 'ResourceQuota' && o.metadata.name === 'inference-quota').spec.hard;
    expect(hard['weights.storageclass.storage.k8s.io/requests.storage']).toBe('2Ti');
    expect(hard['train-hot.storageclass.storage.k8s.io/requests.storage']).toBe('0');
    expect(hard['datasets.storageclass.storage.k8s.io/persistentvolumeclaims']).toBe('0');
  });

  test('every storage resource is protected, encrypted and private, and within the services\' limits', () => {
    expect(storageProtectionProblems(tf, DURABLE_RESOURCE_TYPES)).toEqual([]);
    expect(unprotectedDurableResources(tf)).toEqual([]);
    expect(unclassifiedResourceTypes(tf)).toEqual([]);
    expect(cloudProblems(tf)).toEqual([]);
  });
});
