import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { managedByLabels, PlatformLabels } from '../../core/labels';
import { StorageClaimObjects } from '../../model/seams';
import { StorageTierModel, TeamStorageGrant } from '../../model/types';
import { k8s, PersistentVolume, PersistentVolumeClaim, StorageClass } from './typed';

/** The node label every cloud sets on nodes with their zone. */
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * A tier's StorageClass. Its volumes are the platform's file system or bucket, never new ones created by a claim: the
 * provisioner is the tier's CSI driver only where that driver cannot create a cloud resource from a claim (Mountpoint
 * for S3 and Cloud Storage FUSE have no dynamic provisioning; EFS needs a file system id the class does not carry), and
 * `kubernetes.io/no-provisioner` otherwise (FSx for Lustre, Filestore and Managed Lustre create file systems). Retain:
 * deleting a claim never deletes data.
 */
export function renderStorageClass(scope: Construct, tier: StorageTierModel): ApiObject {
  const annotations: Record<string, string> = {
    [PlatformLabels.CSI_DRIVER_ANNOTATION]: tier.csiDriver,
    [PlatformLabels.STORAGE_SERVICE_ANNOTATION]: tier.service,
  };
  if (tier.link) annotations[PlatformLabels.DATA_REPOSITORY_ANNOTATION] = `${tier.link.bucket}/${tier.link.prefix} -> ${tier.link.fileSystemPath}`;
  const parameters = tier.storageClass.parameters;
  return new StorageClass(scope, 'StorageClass', {
    metadata: { name: tier.storageClassName, labels: { ...managedByLabels(), [PlatformLabels.STORAGE_TIER]: tier.name }, annotations },
    provisioner: tier.storageClass.provisioner,
    parameters: Object.keys(parameters).length > 0 ? { ...parameters } : undefined,
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: false,
  });
}

/** The PersistentVolume of a team's claim in one namespace: unique, so that a claim in each namespace can bind one. */
export function storageVolumeName(tier: StorageTierModel, namespace: string): string {
  // Tier names and namespaces are DNS labels: a dot cannot occur in either, so no two pairs share a name.
  return `${tier.name}.${namespace}`;
}

/**
 * A team's claim on a tier in one namespace, pre-bound both ways to a PersistentVolume of the tier's file system or
 * bucket (so that no other claim can take the volume), sized to the team's grant. A zonal tier's volume is pinned to its
 * zone, so that pods that mount it are scheduled there. The volume waits for the tier's deployed attributes where the
 * cloud assigns them at deploy; the claim is rendered anyway (it stays Pending until then).
 */
export function renderStorageClaim(scope: Construct, tier: StorageTierModel, grant: TeamStorageGrant, team: string, namespace: string): StorageClaimObjects {
  const labels = { ...managedByLabels(), [PlatformLabels.TEAM]: team, [PlatformLabels.STORAGE_TIER]: tier.name };
  const accessModes = [grant.readOnly ? 'ReadOnlyMany' : 'ReadWriteMany'];
  const storage = k8s.Quantity.fromString(grant.size.toString());
  const volumeName = storageVolumeName(tier, namespace);
  const claim = new PersistentVolumeClaim(scope, `StorageClaim ${tier.name}`, {
    metadata: { name: tier.name, namespace, labels },
    spec: {
      accessModes,
      storageClassName: tier.storageClassName,
      volumeMode: 'Filesystem',
      volumeName,
      resources: { requests: { storage } },
    },
  });
  const source = tier.volume;
  if (!source) return { claim };
  const mountOptions = [...source.mountOptions, ...(grant.readOnly ? source.readOnlyMountOptions : source.readWriteMountOptions)];
  const pinned = tier.zone !== undefined && !tier.allowCrossZoneMounts;
  const volume = new PersistentVolume(scope, `StorageVolume ${tier.name}`, {
    metadata: { name: volumeName, labels },
    spec: {
      capacity: { storage },
      accessModes,
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: tier.storageClassName,
      volumeMode: 'Filesystem',
      mountOptions: mountOptions.length > 0 ? mountOptions : undefined,
      claimRef: { namespace, name: tier.name },
      csi: {
        driver: source.driver,
        volumeHandle: source.volumeHandle ?? volumeName,
        volumeAttributes: Object.keys(source.volumeAttributes).length > 0 ? { ...source.volumeAttributes } : undefined,
        readOnly: grant.readOnly ? true : undefined,
      },
      nodeAffinity: pinned
        ? { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_LABEL, operator: 'In', values: [tier.zone!] }] }] } }
        : undefined,
    },
  });
  return { claim, volume };
}
