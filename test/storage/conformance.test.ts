import { describeWithCrds, getValidator } from '../conformance/crd-validator';
import { cloudProblems } from '../support/cloud-rules';
import { kubernetesOf, terraformOf } from '../support/platforms';
import { tierPlatform } from './fixtures';

// StorageClass, PersistentVolume, PersistentVolumeClaim and ResourceQuota as the Kubernetes API schema (kubernetes-models,
// unknown fields rejected) and the object metadata rules accept them; the cloud layer within the services' limits.

describeWithCrds('storage tiers conform', () => {
  test.each(['aws', 'gcp'] as const)('%s: every cluster-layer object validates, the storage kinds included', (cloud) => {
    for (const deployed of [true, false]) {
      const objects = kubernetesOf(tierPlatform(cloud, { deployed }).platform).map((o) => JSON.parse(JSON.stringify(o)));
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of ['StorageClass', 'PersistentVolumeClaim', 'ResourceQuota']) expect(kinds.has(kind)).toBe(true);
      expect(kinds.has('PersistentVolume')).toBe(true);
      expect(getValidator().validateAll(objects)).toEqual([]);
    }
  });

  test('the validator would catch a malformed storage object (the check is not vacuous)', () => {
    const objects = kubernetesOf(tierPlatform('aws').platform).map((o) => JSON.parse(JSON.stringify(o)));
    const pv = objects.find((o) => o.kind === 'PersistentVolume');
    pv.spec.csi.volumeAttribute = pv.spec.csi.volumeAttributes;
    const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim');
    claim.spec.accessModes = 'ReadWriteMany';
    expect(getValidator().validateAll([pv, claim])).toEqual([
      expect.stringContaining('unknown field "volumeAttribute"'),
      expect.stringMatching(/accessModes.*array/),
    ]);
  });
});

test.each(['aws', 'gcp'] as const)('%s: the cloud layer is within the storage services\' limits', (cloud) => {
  expect(cloudProblems(terraformOf(tierPlatform(cloud).platform))).toEqual([]);
});
