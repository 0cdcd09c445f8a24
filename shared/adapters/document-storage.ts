import { createHash } from 'node:crypto';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { wholeDocumentType } from '../domain/file-signature.ts';
import { nowMs } from './clock.ts';
import { config } from './config.ts';
import { s3Client } from './s3-client.ts';

/**
 * Documents go from the browser straight to S3 with a presigned POST (never through Lambda, whose
 * payloads are capped); the bucket is private and keys are random. The form admits exactly the
 * size declared for the slot (`content-length-range` from it to itself), the declared type and
 * the one key; S3 refuses anything else (and so does the local stack's S3 front). The submission
 * checks size and type again on the stored object, whatever stored it.
 */
export async function presignUpload(opts: { key: string; contentType: string; bytes: number }) {
  const expires = config().UPLOAD_URL_TTL_SECONDS;
  const client = s3Client();
  const signedAt = nowMs();
  // The policy is dated and expires by the clock every handler reads (the system clock in AWS,
  // where this adds nothing; the local stack's movable clock, which its S3 checks policies by).
  const signer = {
    config: {
      ...client.config,
      systemClockOffset: client.config.systemClockOffset + (signedAt - Date.now()),
    },
  } as S3Client;
  const post = await createPresignedPost(signer, {
    Bucket: config().DOCUMENTS_BUCKET,
    Key: opts.key,
    Conditions: [
      ['content-length-range', opts.bytes, opts.bytes],
      ['eq', '$Content-Type', opts.contentType],
    ],
    Fields: { 'Content-Type': opts.contentType },
    Expires: expires,
  });
  return {
    url: post.url,
    fields: post.fields,
    expiresAt: new Date(signedAt + expires * 1000).toISOString(),
  };
}

export interface StoredObjectFacts {
  size: number;
  /** MIME type found from the content's magic bytes, not from the name or the declared type. */
  detectedType: string | undefined;
  sha256: string;
  /** The object version checked (versioned buckets), so later reads get exactly what was verified. */
  versionId?: string | undefined;
}

/**
 * Reads an uploaded object and states what it really is. Objects larger than `maxBytes` are not
 * downloaded: their size is reason enough to refuse them.
 */
export async function inspectObject(key: string, maxBytes: number): Promise<StoredObjectFacts | undefined> {
  let res: GetObjectCommandOutput;
  try {
    res = await s3Client().send(new GetObjectCommand({ Bucket: config().DOCUMENTS_BUCKET, Key: key }));
  } catch (err) {
    if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
  const size = res.ContentLength ?? 0;
  if (size > maxBytes) {
    res.Body?.transformToWebStream().cancel();
    return { size, detectedType: undefined, sha256: '' };
  }
  const bytes = await res.Body!.transformToByteArray();
  return {
    size: bytes.byteLength,
    detectedType: wholeDocumentType(bytes),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    versionId: res.VersionId,
  };
}

/** How long a citizen's result link works: long enough to start the download, no longer. */
export const RESULT_LINK_SECONDS = 120;

/**
 * A short-lived link that downloads a stored document (a citizen's result, any document for staff):
 * never shown inline on the storage origin, where an HTML or SVG payload would run as a page. S3 answers with `Content-Disposition:
 * attachment` (the browser saves it, never renders it in our origin) and the content type the
 * document was verified as, whatever was stored with the object.
 */
export async function presignAttachment(opts: {
  key: string;
  fileName: string;
  contentType: string;
  versionId?: string | undefined;
  /** Default: RESULT_LINK_SECONDS. */
  expiresInSeconds?: number;
}): Promise<string> {
  const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: config().DOCUMENTS_BUCKET,
      Key: opts.key,
      ...(opts.versionId ? { VersionId: opts.versionId } : {}),
      ResponseContentDisposition: `attachment; filename="${opts.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(opts.fileName)}`,
      ResponseContentType: opts.contentType,
    }),
    { expiresIn: opts.expiresInSeconds ?? RESULT_LINK_SECONDS },
  );
}

/**
 * A staff member's link to one stored document (5 minutes): a download with the type verified from
 * the bytes (`application/octet-stream` if none was), never the type the uploader's form stored.
 */
export const presignDownload = (key: string, fileName: string, versionId?: string, contentType?: string) =>
  presignAttachment({
    key,
    fileName,
    contentType: contentType ?? 'application/octet-stream',
    versionId,
    expiresInSeconds: 300,
  });
