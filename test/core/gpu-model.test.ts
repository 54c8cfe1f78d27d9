import { ErrorCode } from '../../lib/core/errors';
import { GpuModel } from '../../lib/core/gpu-model';
import { isLabelValue } from '../../lib/core/kube-syntax';
import { Names } from '../../lib/core/names';
import { catchValidationError } from './expect-validation-error';

// The ids are public API (they appear in node labels and resource names), so they are spelled out here.
const KNOWN: Array<[string, GpuModel]> = [
  ['t4', GpuModel.T4],
  ['t4g', GpuModel.T4G],
  ['l4', GpuModel.L4],
  ['a10g', GpuModel.A10G],
  ['l40s', GpuModel.L40S],
  ['v100-16gb', GpuModel.V100_16GB],
  ['v100-32gb', GpuModel.V100_32GB],
  ['a100-40gb', GpuModel.A100_40GB],
  ['a100-80gb', GpuModel.A100_80GB],
  ['h100-80gb', GpuModel.H100_80GB],
  ['h200-141gb', GpuModel.H200_141GB],
];

describe('GpuModel.of', () => {
  test.each(KNOWN)('%s is the constant with that id', (id, model) => {
    expect(GpuModel.of(id)).toBe(model);
    expect(model.id).toBe(id);
    expect(model.toString()).toBe(id);
  });

  test.each([
    ['b200', 'a model the library does not know'],
    ['H100-80GB', 'upper case'],
    ['h100', 'the family instead of the id'],
    ['', 'empty'],
  ])('%j (%s) throws UNKNOWN_GPU_MODEL listing every known id', (id) => {
    const err = catchValidationError(() => GpuModel.of(id));
    expect(err.code).toBe(ErrorCode.UNKNOWN_GPU_MODEL);
    expect(err.receivedJson).toBe(JSON.stringify(id));
    for (const [known] of KNOWN) {
      expect(err.allowed?.split(', ')).toContain(known);
    }
  });
});

describe('GpuModel.all', () => {
  test('holds exactly the known models, with unique ids', () => {
    const ids = GpuModel.all().map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(KNOWN.map(([id]) => id).sort());
  });

  test('returns a copy: changing it does not change the library', () => {
    GpuModel.all().pop();
    expect(GpuModel.all()).toHaveLength(KNOWN.length);
  });

  test.each(KNOWN)('id %s can be used as a label value and as part of an object name', (id) => {
    expect(isLabelValue(id)).toBe(true);
    expect(Names.isDns1123Label(id)).toBe(true);
  });

  test.each(KNOWN.filter(([id]) => id.endsWith('gb')))('id %s states the memory the model reports', (id, model) => {
    expect(id).toBe(`${model.family}-${model.memoryGiB}gb`);
  });
});

describe('GpuModel.tryFind', () => {
  test.each<[string, number, GpuModel]>([
    ['a100', 40, GpuModel.A100_40GB],
    ['a100', 80, GpuModel.A100_80GB],
    ['v100', 16, GpuModel.V100_16GB],
    ['v100', 32, GpuModel.V100_32GB],
    ['h100', 80, GpuModel.H100_80GB],
    ['h200', 141, GpuModel.H200_141GB],
    ['l4', 24, GpuModel.L4],
  ])('(%s, %d GiB) finds the variant', (family, memory, model) => {
    expect(GpuModel.tryFind(family, memory)).toBe(model);
  });

  test.each([
    ['h100', 94, 'H100 NVL is not modelled'],
    ['a100', 48, 'no such variant'],
    ['A100', 40, 'family is case-sensitive'],
    ['b200', 180, 'unknown family'],
  ])('(%s, %d GiB) is undefined (%s)', (family, memory) => {
    expect(GpuModel.tryFind(family, memory)).toBeUndefined();
  });
});
