import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { ErrorCode, ValidationError } from '../core/errors';

/** Where a platform's cloud layer goes: a stack, and the app the platform owns (if it owns one). */
export interface TerraformTarget {
  readonly stack: TerraformStack;
  readonly ownedApp?: App;
}

/**
 * The stack for a platform: the user's stack, a new stack in the user's app, or a new stack in
 * an app the platform owns. Keeps cdktf types out of the platform's public API, so a move to
 * another CDK for Terraform changes only the renderers.
 */
export function terraformTarget(platform: Construct, stack?: Construct, app?: Construct, outdir?: string): TerraformTarget {
  if (stack !== undefined) {
    if (!TerraformStack.isStack(stack)) throw notA(platform, 'stack', 'a cdktf TerraformStack', stack);
    return { stack };
  }
  if (app !== undefined) {
    if (!App.isApp(app)) throw notA(platform, 'terraformApp', 'a cdktf App', app);
    return { stack: new TerraformStack(app, platform.node.id) };
  }
  const ownedApp = new App({ outdir });
  return { stack: new TerraformStack(ownedApp, platform.node.id), ownedApp };
}

function notA(platform: Construct, prop: string, what: string, value: Construct): ValidationError {
  return new ValidationError(ErrorCode.SCOPE_INVALID, {
    message: `\`${prop}\` must be ${what}.`,
    received: value.node.path || value.constructor.name,
    fix: `Pass ${what} (from the cdktf package the library uses), or leave \`${prop}\` out to let the platform create one.`,
  }, platform);
}
