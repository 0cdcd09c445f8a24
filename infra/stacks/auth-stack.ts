import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { DEPARTMENT_ROLES, departmentGroup, ROLES, roleGroup } from '../../shared/contracts/auth.ts';
import {
  type EnvironmentConfig,
  hostedUiBaseUrl,
  STAFF_LOGIN_PATH,
  staffSignInOrigins,
} from '../config/environments.ts';
import { liveAlias, nodeFunction, REPO_ROOT } from './functions.ts';
import { acknowledge } from './nag.ts';

export interface AuthStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  /** Folder of the seed data (departments.json); default `<repo>/data`. */
  readonly dataDir?: string;
}

/** The department ids of data/departments.json: one Cognito group each. */
export function departmentIds(dataDir: string): string[] {
  const file = JSON.parse(readFileSync(path.join(dataDir, 'departments.json'), 'utf8')) as {
    departments: { id: string }[];
  };
  return file.departments.map((d) => d.id);
}

/**
 * Staff identity: a Cognito user pool (no self sign-up; administrators create users), one group per
 * role (`role-…`) and one per department (`dept-<ID>`), the names shared/contracts/auth.ts defines
 * and the handlers read from `cognito:groups`. Staff sign in on the pool's hosted UI (authorization
 * code + PKCE) and the web app keeps the ID token; the API's JWT authorizer accepts this pool's
 * tokens for the web client only.
 */
export class AuthStack extends Stack {
  public readonly userPool: cognito.UserPool;
  public readonly webClient: cognito.UserPoolClient;
  /** The hosted-UI domain staff sign in at. */
  public readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, written to the web app's config.json. */
  public readonly hostedUiBaseUrl: string;
  public readonly adminMfaTrigger: NodejsFunction;
  public readonly groupNames: readonly string[];

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retain = config.retainData;

    this.adminMfaTrigger = nodeFunction(this, 'AdminMfaTrigger', {
      entry: path.join(REPO_ROOT, 'infra/stacks/auth/admin-mfa.ts'),
      description: 'Withholds the administrator group from tokens until the user has TOTP MFA',
      memorySize: 256,
      timeout: Duration.seconds(5),
      retainLogs: retain,
      logRetention: config.retention.logDays,
      environment: {},
    });

    this.userPool = new cognito.UserPool(this, 'StaffUserPool', {
      userPoolName: `motcua-${config.name}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      userInvitation: {
        emailSubject: 'Tài khoản Hệ thống một cửa điện tử',
        emailBody:
          'Tài khoản của bạn: {username} — mật khẩu tạm thời: {####} (đổi khi đăng nhập lần đầu). ' +
          'Your account: {username} — temporary password: {####} (change it at first sign-in).',
      },
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      lambdaTriggers: { preTokenGeneration: liveAlias(this.adminMfaTrigger) },
    });
    acknowledge(this.userPool, {
      'AwsSolutions-COG2':
        'Cognito cannot require MFA for one group. MFA is OPTIONAL with TOTP; the pre-token trigger ' +
        'AdminMfaTrigger withholds the administrator group until the user has TOTP, which Cognito then ' +
        'always challenges at sign-in. Other staff may enable TOTP (OPERATIONS.md).',
      'AwsSolutions-COG3':
        'Threat protection (ENFORCED) needs the Plus feature plan, billed per monthly active user with ' +
        'no free tier; strong passwords, password history, admin MFA and short tokens are in place. ' +
        'OPERATIONS.md explains how to switch it on.',
      'AwsSolutions-COG8':
        'Essentials plan, not Plus: Plus is billed per monthly active user with no free tier (see COG3).',
    });

    // AdminGetUser for the trigger: a separate policy, so the function does not depend on it
    // (the pool depends on the function; a default-policy statement naming the pool would be a cycle).
    new iam.Policy(this, 'AdminMfaTriggerPolicy', {
      roles: [this.adminMfaTrigger.role!],
      statements: [
        new iam.PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });
    acknowledge(this.adminMfaTrigger, {
      'Serverless-LambdaDLQ': 'Invoked synchronously by Cognito during sign-in; no asynchronous invocation.',
      'Serverless-LambdaAsyncFailureDestination':
        'Invoked synchronously by Cognito during sign-in; no asynchronous invocation.',
    });

    // The hosted UI (classic) where staff sign in: its prefix is set per environment.
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: config.cognitoDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.hostedUiBaseUrl = hostedUiBaseUrl(config);
    const origins = staffSignInOrigins(config);
    const loginPages = origins.map((o) => `${o}${STAFF_LOGIN_PATH}`);

    // A public client (a browser keeps no secret): authorization code + PKCE only, never the
    // implicit flow, so tokens never travel in a URL. The web app checks `state` and sends the
    // S256 code verifier to /oauth2/token (web/src/lib/staff-session.ts).
    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      authFlows: { userSrp: true },
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: loginPages,
        logoutUrls: loginPages,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      authSessionValidity: Duration.minutes(5),
    });

    const groups: string[] = [];
    for (const role of ROLES) {
      const name = roleGroup(role);
      groups.push(name);
      new cognito.CfnUserPoolGroup(this, `Group-${name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description: DEPARTMENT_ROLES.includes(role)
          ? `Role ${role}: also needs one dept-<ID> group`
          : `Role ${role}`,
      });
    }
    for (const dept of departmentIds(props.dataDir ?? path.join(REPO_ROOT, 'data'))) {
      const name = departmentGroup(dept);
      groups.push(name);
      new cognito.CfnUserPoolGroup(this, `Group-${name}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description: `Department ${dept}`,
      });
    }
    this.groupNames = groups;

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Staff user pool' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.webClient.userPoolClientId,
      description: 'Web app client (authorization code + PKCE, no secret)',
    });
    new CfnOutput(this, 'HostedUiUrl', {
      value: this.hostedUiBaseUrl,
      description: `Staff sign-in (hosted UI); redirects back to ${loginPages.join(', ')}`,
    });
  }
}
