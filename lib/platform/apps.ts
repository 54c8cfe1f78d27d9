import * as path from 'path';
import { App as KubernetesApp, Chart } from 'cdk8s';
import { App, TerraformBackend, TerraformRemoteState, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { Cloud } from '../core/cloud';
import { ErrorCode, ValidationError } from '../core/errors';
import { ResolvedStateBackend, StateBackend } from '../core/state-backend';
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

/** The construct id of the platform's backend in a stack: one per stack, however many platforms share it. */
const STATE_BACKEND_ID = 'MlPlatformStateBackend';

/**
 * Puts the platform's state backend in its stack. Without `backend`, the stack keeps its state in a local file with
 * a relative path (`terraform.<stack>.tfstate` in the stack's working directory) unless the stack has a backend of
 * its own; cdktf's fallback is an absolute path derived from the working directory, so it is never used.
 */
export function attachStateBackend(platform: Construct, stack: TerraformStack, backend: StateBackend | undefined, cloud: Cloud): void {
  const explicit = backend !== undefined;
  const spec = (backend ?? StateBackend.local())._resolve(stack.node.id, cloud, platform);
  const existing = stack.node.tryFindChild(STATE_BACKEND_ID) as PlatformStateBackend | undefined;
  if (existing) {
    existing.join(platform, spec, explicit);
    return;
  }
  const element = new PlatformStateBackend(stack, spec, explicit);
  element.checkOthers(platform, false);
  stack.node.addValidation({ validate: () => { element.checkOthers(platform, true); return []; } });
}

/**
 * The platform's Terraform backend. It renders `spec`, or nothing when the state is the stack's own backend's: when
 * the user configures one on the stack (`StateBackend.configuredOnStack()`, or a backend added to a stack the user
 * passed, with the default left). Being a backend, it keeps cdktf from adding its working-directory-dependent one.
 * (Escape hatch: `stack.addOverride('terraform.backend.<type>.<argument>', value)`.)
 */
class PlatformStateBackend extends TerraformBackend {
  constructor(scope: TerraformStack, private spec: ResolvedStateBackend | undefined, private explicit: boolean) {
    super(scope, STATE_BACKEND_ID, spec?.type ?? 'local');
  }

  /** A second platform in the same stack: the same state, or an error. */
  public join(platform: Construct, spec: ResolvedStateBackend | undefined, explicit: boolean): void {
    if (!explicit) return;
    if (this.explicit && JSON.stringify(spec) !== JSON.stringify(this.spec)) {
      throw new ValidationError(ErrorCode.STATE_BACKEND_CONFLICT, {
        message: 'Two platforms in one stack name different state backends, and a stack has one state.',
        received: { [platform.node.id]: spec ?? 'configuredOnStack', earlier: this.spec ?? 'configuredOnStack' },
        fix: 'Give the platforms the same `stateBackend`, or put them in different stacks.',
      }, platform);
    }
    this.spec = spec;
    this.explicit = true;
    this.checkOthers(platform, false);
  }

  /**
   * The stack's other backends must agree with the platform's: none besides a backend the platform names; by synth,
   * one when the platform names none.
   */
  public checkOthers(platform: Construct, atSynth: boolean): void {
    const others = this.others();
    if (this.explicit && this.spec !== undefined && others.length > 0) {
      throw new ValidationError(ErrorCode.STATE_BACKEND_CONFLICT, {
        message: `The stack has a backend of its own (${others.map((o) => o.node.path).join(', ')}), and the platform's \`stateBackend\` names another.`,
        received: this.spec,
        fix: 'Keep one: leave `stateBackend` out (or pass StateBackend.configuredOnStack()) to use the stack\'s, or remove the stack\'s backend.',
      }, platform);
    }
    if (atSynth && this.spec === undefined && others.length === 0) {
      throw new ValidationError(ErrorCode.STATE_BACKEND_MISSING, {
        message: 'The platform\'s state backend is StateBackend.configuredOnStack(), and the stack has no backend.',
        received: TerraformStack.of(this).node.path,
        fix: 'Configure a backend on the stack (e.g. new S3Backend(stack, {...})), or pass StateBackend.s3(), .gcs() or .local().',
      }, platform);
    }
  }

  public toTerraform(): any {
    return this.renders() ? { terraform: { backend: { [this.spec!.type]: { ...this.spec!.attributes } } } } : {};
  }

  public toHclTerraform(): any {
    return this.toTerraform();
  }

  public toMetadata(): any {
    return this.renders() ? { backend: this.spec!.type } : {};
  }

  public getRemoteStateDataSource(scope: Construct, name: string, fromStack: string): TerraformRemoteState {
    if (!this.renders()) return this.others()[0].getRemoteStateDataSource(scope, name, fromStack);
    const config: Record<string, unknown> = { ...this.spec!.attributes, workspace: '${terraform.workspace}' };
    // A relative local path is relative to this stack's working directory; the reader runs in a sibling one.
    if (this.spec!.type === 'local' && !path.isAbsolute(String(config.path))) {
      config.path = path.posix.join('..', TerraformStack.of(this).node.id, String(config.path));
    }
    return new RemoteState(scope, name, this.spec!.type, config);
  }

  private renders(): boolean {
    return this.spec !== undefined && this.others().length === 0;
  }

  private others(): TerraformBackend[] {
    return TerraformStack.of(this).node.findAll().filter((c): c is TerraformBackend => TerraformBackend.isBackend(c) && c !== this);
  }
}

/** Another stack's view of this one's state (cross-stack references). */
class RemoteState extends TerraformRemoteState {
  constructor(scope: Construct, id: string, type: string, config: Record<string, unknown>) {
    super(scope, id, type, config);
  }
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
