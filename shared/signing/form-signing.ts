import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { clients } from '../adapters/clients.ts';
import { nowMs } from '../adapters/clock.ts';
import { config } from '../adapters/config.ts';
import { webLinks } from '../contracts/web-routes.ts';
import type { FormCode } from '../forms/model.ts';
import { FORM_TITLES } from '../forms/model.ts';
import { sha256Hex } from './issued.ts';
import { ownerSigner } from './owner-signer.ts';
import { signPdfPades } from './pades.ts';

/**
 * The centre signs the forms it issues (01–05: receipt, supplement request, refusal, apology,
 * process-control sheet) with its own certificate, the same PAdES signature as a department's
 * result, when the form is first rendered for a revision of the dossier (it is stored and served
 * again afterwards). The signed file's SHA-256 goes on record like a result's, so the verification
 * page recognises a form as issued.
 */
export async function signIssuedForm(
  pdf: Uint8Array,
  form: FormCode,
  issue: { centreId: string; centreName: string; dossierCode: string; procedureName: string },
): Promise<Uint8Array> {
  const signedAt = new Date(nowMs());
  const signed = await signPdfPades(pdf, await ownerSigner(issue.centreId), {
    signerName: issue.centreName,
    reason: `${FORM_TITLES[form]} — hồ sơ ${issue.dossierCode}`,
    location: issue.centreName,
    contactInfo: webLinks.verify(config().PUBLIC_WEB_URL),
    signingTime: signedAt,
  });
  const sha256 = sha256Hex(signed);
  await clients().doc.send(
    new PutCommand({
      TableName: config().TABLE_NAME,
      Item: {
        pk: `ISSUED#${sha256}`,
        sk: 'META',
        entity: 'IssuedDocument',
        sha256,
        dossierCode: issue.dossierCode,
        procedureName: issue.procedureName,
        departmentId: issue.centreId,
        departmentName: issue.centreName,
        signerName: issue.centreName,
        signedAt: signedAt.toISOString(),
        form,
      },
    }),
  );
  return new Uint8Array(signed);
}
