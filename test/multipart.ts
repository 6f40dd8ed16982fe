import { randomBytes } from 'node:crypto';

/**
 * A multipart body as a browser sends a form: the given fields first, in order (a form's CSRF token is its first
 * field), then one file in the field `file` (or another field name), then any fields after it.
 */
export function multipart(
  filename: string,
  data: Buffer,
  field = 'file',
  fields: Record<string, string> = {},
  after: Record<string, string> = {},
) {
  const boundary = `----lao-info-${randomBytes(8).toString('hex')}`;
  const part = ([name, value]: [string, string]) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = Buffer.from(
    `${Object.entries(fields).map(part).join('')}--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n${Object.entries(after).map(part).join('')}--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, data, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
