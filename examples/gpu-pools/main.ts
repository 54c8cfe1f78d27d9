/**
 * The foundation example: one program, two platforms (AWS and GCP), three GPU pools each.
 * Cluster layer (Kueue ResourceFlavors) -> dist/, cloud layer (node groups / node pools) -> cdktf.out/.
 */
import { App as KubernetesApp } from 'cdk8s';
import { App as TerraformApp } from 'cdktf';
import { awsFoundation, gcpFoundation } from './platforms';

const kubernetesApp = new KubernetesApp();
const terraformApp = new TerraformApp();
const aws = awsFoundation({ kubernetesApp, terraformApp }).platform;
const gcp = gcpFoundation({ kubernetesApp, terraformApp }).platform;

kubernetesApp.synth();
terraformApp.synth();

for (const platform of [aws, gcp]) {
  for (const pool of platform.pools) {
    const price = pool.selection.price;
    console.log(`${platform.platformName}/${pool.poolName}: ${pool.instanceTypes.join(',')} x ${pool.minNodes}-${pool.maxNodes} `
      + `(${pool.gpusPerNode} x ${pool.offering.gpu!.id}, ${pool.capacity.type}${price ? `, $${price.usdPerHour.toFixed(2)}/node-h` : ''}) - ${pool.selection.reason}`);
  }
}
