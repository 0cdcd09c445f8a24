import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environments.ts';

/** The name of the copy vault: fixed, so the Data stack can name its ARN without a cross-region reference. */
export const copyVaultName = (config: Pick<EnvironmentConfig, 'name'>) => `motcua-${config.name}-copy`;

/** The ARN of the copy vault of `config` in its copy region. */
export function copyVaultArn(config: EnvironmentConfig, account: string): string {
  const region = config.backup?.copyRegion;
  if (!region) throw new Error('no backup.copyRegion in this environment');
  return `arn:aws:backup:${region}:${account}:backup-vault:${copyVaultName(config)}`;
}

export interface BackupCopyStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The second region's backup vault (`backup.copyRegion`): every recovery point of the Data stack's
 * plan is copied here by AWS Backup's copy action, so a region lost, or an account's vault
 * tampered with in one region, still leaves the dossiers and documents elsewhere. Its own KMS key
 * (a key is regional), the same lock as the main vault, kept when the stack is deleted.
 */
export class BackupCopyStack extends Stack {
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    const b = props.config.backup;
    if (!b?.copyRegion) throw new Error('BackupCopyStack needs backup.copyRegion');
    const key = new kms.Key(this, 'CopyKey', {
      description: `motcua ${props.config.name}: backup copies`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'CopyVault', {
      backupVaultName: copyVaultName(props.config),
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
      lockConfiguration: { minRetention: Duration.days(b.lockMinDays), changeableFor: Duration.days(3) },
    });
    new CfnOutput(this, 'CopyVaultArn', {
      value: this.vault.backupVaultArn,
      description: 'Backup copy vault',
    });
  }
}
