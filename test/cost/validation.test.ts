import { CostOptions, ErrorCode, GpuModel, GpuNodePool } from '../../lib';
import { awsPlatform, validationErrorOf } from '../support/platforms';

// Bad cost assumptions are refused with a coded ValidationError naming the prop, the value received and the fix:
// at the platform's construction for its props, at estimate() for its argument and for pool names (pools are
// declared after the platform).

describe('cost options at the public boundary', () => {
  test.each<[string, CostOptions, ErrorCode, string]>([
    ['utilization above 1', { expectedUtilization: 1.5 }, ErrorCode.COST_UTILIZATION_INVALID, '`cost`.expectedUtilization'],
    ['negative utilization', { expectedUtilization: -0.1 }, ErrorCode.COST_UTILIZATION_INVALID, '`cost`.expectedUtilization'],
    ['utilization NaN', { expectedUtilization: Number.NaN }, ErrorCode.COST_UTILIZATION_INVALID, '`cost`.expectedUtilization'],
    ['utilization as a string', { expectedUtilization: '0.5' as unknown as number }, ErrorCode.COST_UTILIZATION_INVALID, '`cost`.expectedUtilization'],
    ['negative hours', { activeHoursPerDay: -2 }, ErrorCode.COST_HOURS_INVALID, '`cost`.activeHoursPerDay'],
    ['more than 24 hours a day', { activeHoursPerDay: 25 }, ErrorCode.COST_HOURS_INVALID, '`cost`.activeHoursPerDay'],
    ['a PUE below 1', { powerUsageEffectiveness: 0.9 }, ErrorCode.COST_PUE_INVALID, '`cost`.powerUsageEffectiveness'],
    ['a pool utilization above 1', { pools: [{ pool: 'x', expectedUtilization: 2 }] }, ErrorCode.COST_UTILIZATION_INVALID, '`cost`.pools[0].expectedUtilization'],
    ['negative pool hours', { pools: [{ pool: 'x', activeHoursPerDay: -1 }] }, ErrorCode.COST_HOURS_INVALID, '`cost`.pools[0].activeHoursPerDay'],
    ['a pool entry without a name', { pools: [{} as never] }, ErrorCode.COST_OPTIONS_INVALID, '`cost`.pools[0].pool'],
    ['pools not a list', { pools: 'gpu' as never }, ErrorCode.COST_OPTIONS_INVALID, '`cost`.pools'],
  ])('%s: %s', (_case, cost, code, prop) => {
    const error = validationErrorOf(() => awsPlatform({ cost }));
    expect(error.code).toBe(code);
    expect(error.message).toContain(prop);
    expect(error.message).toContain('Received:');
    expect(error.constructPath).toBe('aws-test');
    expect(error.fix.length).toBeGreaterThan(10);
  });

  test('a pool named twice', () => {
    const error = validationErrorOf(() => awsPlatform({ cost: { pools: [{ pool: 'a' }, { pool: 'a' }] } }));
    expect(error).toMatchObject({ code: ErrorCode.COST_OPTIONS_INVALID, constructPath: 'aws-test' });
    expect(error.message).toContain('names pool a twice');
  });

  test('options that are not an object', () => {
    expect(validationErrorOf(() => awsPlatform({ cost: 7 as never })).code).toBe(ErrorCode.COST_OPTIONS_INVALID);
    expect(validationErrorOf(() => awsPlatform({ costReport: { printSummary: 'no' as never } })).code).toBe(ErrorCode.COST_OPTIONS_INVALID);
  });

  test('a pool the platform does not have, when the estimate is made', () => {
    const p = awsPlatform({ cost: { pools: [{ pool: 'l4-serving', expectedUtilization: 0.9 }] } });
    new GpuNodePool(p, 'l4-serve', { gpu: GpuModel.L4, maxNodes: 2 });
    const error = validationErrorOf(() => p.estimate());
    expect(error).toMatchObject({ code: ErrorCode.COST_POOL_UNKNOWN, constructPath: 'aws-test', allowed: 'l4-serve' });
    expect(error.message).toContain('Received: "l4-serving"');
  });

  test('estimate() checks its own options', () => {
    const p = awsPlatform();
    const error = validationErrorOf(() => p.estimate({ expectedUtilization: 3 }));
    expect(error.code).toBe(ErrorCode.COST_UTILIZATION_INVALID);
    expect(error.message).toContain('estimate options.expectedUtilization');
    expect(validationErrorOf(() => p.estimate({ activeHoursPerDay: -1 })).code).toBe(ErrorCode.COST_HOURS_INVALID);
  });

  test('the limits themselves are accepted: 0 and 1, 0 and 24 hours, a PUE of 1', () => {
    const p = awsPlatform({ cost: { expectedUtilization: 0, activeHoursPerDay: 24, powerUsageEffectiveness: 1 } });
    new GpuNodePool(p, 'l4', { gpu: GpuModel.L4, minNodes: 1, maxNodes: 3 });
    expect(p.estimate().pools[0].expectedNodes).toBe(1);
    expect(p.estimate({ expectedUtilization: 1, activeHoursPerDay: 0 }).pools[0].expectedNodes).toBe(1);
    expect(p.estimate({ expectedUtilization: 1 }).pools[0].expectedNodes).toBe(3);
  });
});
