import { Construct } from 'constructs';
import { assertLabels, isQualifiedName } from '../../lib/core/kube-syntax';
import { PlatformLabels, ResourceNames } from '../../lib/core/labels';

describe('PlatformLabels', () => {
  const keys = [PlatformLabels.POOL, PlatformLabels.GPU_MODEL, PlatformLabels.CAPACITY_TYPE, PlatformLabels.INSTANCE_TYPE_ANNOTATION];

  test.each(keys)('%s is a qualified name in the library domain, allowed as a node label', (key) => {
    expect(key.startsWith(`${PlatformLabels.DOMAIN}/`)).toBe(true);
    expect(() => assertLabels(new Construct(undefined as unknown as Construct, 'root'), { [key]: 'x' })).not.toThrow();
  });

  test('keys are distinct', () => {
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('ResourceNames', () => {
  test('the GPU resource is the NVIDIA device plugin name', () => {
    // https://github.com/NVIDIA/k8s-device-plugin: resource "nvidia.com/gpu"
    expect(ResourceNames.NVIDIA_GPU).toBe('nvidia.com/gpu');
    expect(isQualifiedName(ResourceNames.NVIDIA_GPU)).toBe(true);
  });
});
