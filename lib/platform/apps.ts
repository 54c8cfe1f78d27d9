import { App as KubernetesApp, Chart } from 'cdk8s';
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';
import { sortManifests } from '../render/k8s/install-order';

// The platform's app wiring: where the two layers go. The only place outside the renderers that imports cdktf,
// so that a move to another CDK for Terraform changes the renderers and this file only.

/**
 * A chart that writes its objects in install order (kind, namespace, name) rather than declaration order, so that
 * the same platform declared in another order synthesizes the same bytes.
 */
class PlatformChart extends Chart {
  public toJson(): any[] {
    return sortManifests(super.toJson());
  }
}

/** Where a platform's cluster layer goes: a chart, and the app the platform owns (if it owns one). */
export interface KubernetesTarget {
  readonly chart: Chart;
  readonly ownedApp?: KubernetesApp;
}

/**
 * The chart for a platform: the user's chart (kept in the order cdk8s gives it), a new chart in the user's app, or
 * a new chart in an app the platform owns.
 */
export function kubernetesTarget(platform: Construct, chart?: Chart, app?: KubernetesApp, outdir?: string): KubernetesTarget {
  const id = platform.node.id;
  if (chart !== undefined) {
    if (!(chart instanceof Chart)) throw notA(platform, 'chart', 'a cdk8s Chart', chart);
    return { chart };
  }
  if (app !== undefined) {
    if (!(app instanceof KubernetesApp)) throw notA(platform, 'kubernetesApp', 'a cdk8s App', app);
    assertIdFree(platform, app, id, 'kubernetesApp');
    return { chart: new PlatformChart(app, id) };
  }
  const ownedApp = new KubernetesApp({ outdir });
  return { chart: new PlatformChart(ownedApp, id), ownedApp };
}

/** Where a platform's cloud layer goes: a stack, and the app the platform owns (if it owns one). */
export interface TerraformTarget {
  readonly stack: TerraformStack;
  readonly ownedApp?: App;
}

/**
 * The stack for a platform: the user's stack, a new stack in the user's app, or a new stack in an app the platform
 * owns. Keeps cdktf types out of the platform's public API. (cdktf writes Terraform JSON with sorted keys, so the
 * cloud layer's bytes do not depend on declaration order.)
 */
export function terraformTarget(platform: Construct, stack?: Construct, app?: Construct, outdir?: string): TerraformTarget {
  const id = platform.node.id;
  if (stack !== undefined) {
    if (!TerraformStack.isStack(stack)) throw notA(platform, 'stack', 'a cdktf TerraformStack', stack);
    return { stack };
  }
  if (app !== undefined) {
    if (!App.isApp(app)) throw notA(platform, 'terraformApp', 'a cdktf App', app);
    assertIdFree(platform, app, id, 'terraformApp');
    return { stack: new TerraformStack(app, id) };
  }
  const ownedApp = new App({ outdir });
  return { stack: new TerraformStack(ownedApp, id), ownedApp };
}

function assertIdFree(platform: Construct, app: Construct, id: string, prop: string): void {
  const existing = app.node.tryFindChild(id);
  if (existing) {
    throw new ValidationError(ErrorCode.DUPLICATE_NAME, {
      message: `The ${prop} already holds ${existing.node.path || id}: two platforms with the same name cannot share an app.`,
      received: id,
      fix: 'Give each platform a unique name.',
    }, platform);
  }
}

function notA(platform: Construct, prop: string, what: string, value: unknown): ValidationError {
  const path = (value as Construct | null | undefined)?.node?.path;
  return new ValidationError(ErrorCode.SCOPE_INVALID, {
    message: `\`${prop}\` must be ${what}.`,
    received: typeof path === 'string' && path !== '' ? path : value === null ? 'null' : typeof value,
    fix: `Pass ${what} (from the package the library uses), or leave \`${prop}\` out to let the platform create one.`,
  }, platform);
}
