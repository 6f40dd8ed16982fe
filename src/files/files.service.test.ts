import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanName, contentDisposition, sniffType } from './files.service.ts';

describe('sniffType (the type from the first bytes, never the name)', () => {
  it('knows PDF, JPEG and PNG by their signatures', () => {
    assert.equal(sniffType(Buffer.from('%PDF-1.7\n')), 'application/pdf');
    assert.equal(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])), 'image/jpeg');
    assert.equal(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'image/png');
  });
  it('refuses an executable, a web page, an SVG, a ZIP and a truncated signature', () => {
    for (const head of [
      'MZ\x90\x00\x03\x00\x00\x00',
      '<!doctype html>',
      '<svg xmlns=',
      'PK\x03\x04',
      '%PDF',
    ]) {
      assert.equal(sniffType(Buffer.from(head, 'latin1')), null, head);
    }
    assert.equal(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47])), null);
  });
});

describe('cleanName', () => {
  it('drops paths and control characters and keeps Thai', () => {
    assert.equal(cleanName('C:\\Users\\a\\รายงาน\u0007 ประปา.pdf', 'application/pdf'), 'รายงาน ประปา.pdf');
    assert.equal(cleanName('../../etc/passwd', 'image/png'), 'passwd.png');
  });
  it('gives the extension of the real type', () => {
    assert.equal(cleanName('photo.exe', 'image/jpeg'), 'photo.exe.jpg');
    assert.equal(cleanName('ภาพ.JPEG', 'image/jpeg'), 'ภาพ.JPEG');
    assert.equal(cleanName('', 'application/pdf'), 'file.pdf');
  });
});

describe('contentDisposition (RFC 6266 with an RFC 5987 name)', () => {
  it('sends an ASCII fallback and the exact UTF-8 name', () => {
    assert.equal(
      contentDisposition('attachment', 'ผล "ตรวจ".pdf'),
      `attachment; filename="__ ______.pdf"; filename*=UTF-8''%E0%B8%9C%E0%B8%A5%20%22%E0%B8%95%E0%B8%A3%E0%B8%A7%E0%B8%88%22.pdf`,
    );
  });
});
