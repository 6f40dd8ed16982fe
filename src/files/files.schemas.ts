import { z } from 'zod';
import { datasetParams, laoYearParams } from '../records/records.schemas.ts';
import { msg } from '../util/validation.ts';

const uuid = z.string().regex(/^[0-9a-f-]{36}$/, msg('รหัสไฟล์ไม่ถูกต้อง', 'Not a file id'));

export const fileParams = z.object({ fileId: uuid });
export const laoFileParams = laoYearParams.extend({ fileId: uuid });
export const datasetFilesParams = datasetParams;
export const uploadQuery = z.object({
  rowId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/, msg('rowId เป็นรหัสแถวจากข้อมูลชุดนี้', 'rowId is the id of a row of the data set'))
    .optional(),
});

/** A file as the JSON API gives it. */
export const fileAnswer = z.object({
  id: z.string(),
  ownerKind: z.enum(['row', 'form', 'activity']),
  ownerId: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  url: z.string(),
});
export const filesAnswer = z.object({ items: z.array(fileAnswer) });

export const toApiFile = (f: {
  id: string;
  owner_kind: 'row' | 'form' | 'activity';
  owner_id: string;
  name: string;
  media_type: string;
  size: number;
  uploaded_by: string;
  uploaded_at: string;
}) => ({
  id: f.id,
  ownerKind: f.owner_kind,
  ownerId: f.owner_id,
  name: f.name,
  mediaType: f.media_type,
  size: Number(f.size),
  uploadedBy: f.uploaded_by,
  uploadedAt: f.uploaded_at,
  url: `/api/v1/files/${f.id}`,
});
