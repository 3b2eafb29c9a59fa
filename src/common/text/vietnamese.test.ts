import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  accentKey,
  canonicalTone,
  compareVietnamese,
  decodeText,
  documentNumberKey,
  extractDocumentNumbers,
  fold,
  tokenize,
  vietnameseSortKey,
  withoutMarks,
} from './vietnamese';

describe('canonicalTone', () => {
  it('makes both tone placements equal', () => {
    expect(canonicalTone('Hoà Bình')).toBe('Hòa Bình');
    expect(canonicalTone('Thuỷ')).toBe('Thủy');
    expect(canonicalTone('Uỷ ban')).toBe('Ủy ban');
    expect(canonicalTone('khoẻ')).toBe('khỏe');
    expect(canonicalTone('Khánh Hoà')).toBe(canonicalTone('Khánh Hòa'));
  });

  it('leaves syllables with a final consonant and qu+y alone', () => {
    expect(canonicalTone('hoàn thành')).toBe('hoàn thành');
    expect(canonicalTone('quý')).toBe('quý');
    expect(canonicalTone('thuyền')).toBe('thuyền');
  });

  it('accepts NFD input', () => {
    expect(canonicalTone('Hoà'.normalize('NFD'))).toBe('Hòa');
  });
});

describe('fold', () => {
  it('removes marks and maps đ', () => {
    expect(fold('Thành phố Đà Nẵng')).toBe('thanh pho da nang');
    expect(fold('Đà Nẵng'.normalize('NFD'))).toBe('da nang');
    expect(fold('  ĐƯỜNG   ngập sâu ')).toBe('duong ngap sau');
  });

  it('has a form that keeps case and spaces: withoutMarks', () => {
    expect(withoutMarks('Quyết định số 1.TXT')).toBe('Quyet dinh so 1.TXT');
    expect(withoutMarks('ĐẠI HỘI  Đảng'.normalize('NFD'))).toBe('DAI HOI  Dang');
  });

  it('keeps negations and obligations as words', () => {
    expect(tokenize(fold('không được phép, chưa phải'))).toEqual([
      'khong',
      'duoc',
      'phep',
      'chua',
      'phai',
    ]);
  });
});

describe('accentKey', () => {
  it('matches either tone placement but not folded text', () => {
    expect(accentKey('HOÀ')).toBe(accentKey('hòa'));
    expect(accentKey('hoa')).not.toBe(accentKey('hòa'));
  });
});

describe('documentNumberKey', () => {
  it('gives one key for every spelling of a number', () => {
    const key = documentNumberKey('30/2020/NĐ-CP');
    expect(key).toBe('30/2020/ndcp');
    expect(documentNumberKey('30/2020/nd-cp')).toBe(key);
    expect(documentNumberKey('30 / 2020 / ND CP')).toBe(key);
    expect(documentNumberKey('02/2011/QH13')).toBe(documentNumberKey('02/2011/qh13'));
    expect(documentNumberKey('2/2011/QH13')).toBe(documentNumberKey('02/2011/QH13'));
    expect(documentNumberKey('0/2011/QH13')).toBe('0/2011/qh13');
  });

  it('reads a number written with dashes for slashes', () => {
    expect(extractDocumentNumbers('Luật 02-2011-QH13 và Nghị định 30-2020-NĐ-CP')).toEqual([
      '2/2011/qh13',
      '30/2020/ndcp',
    ]);
    expect(extractDocumentNumbers('giai đoạn 2021-2025, nhiệm kỳ 2024-2029')).toEqual([]);
  });

  it('finds numbers inside text', () => {
    expect(extractDocumentNumbers('theo Nghị định số 30/2020/NĐ-CP và 237/NQ-UBTVQH16')).toEqual([
      '30/2020/ndcp',
      '237/nqubtvqh16',
    ]);
  });
});

describe('Vietnamese order', () => {
  it('sorts a, ă, â, d, đ in alphabet order', () => {
    const words = ['Đông', 'Ân', 'Dương', 'Ăn', 'An', 'Bình'];
    const byKey = [...words].sort((a, b) => (vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : 1));
    expect(byKey).toEqual(['An', 'Ăn', 'Ân', 'Bình', 'Dương', 'Đông']);
    expect([...words].sort(compareVietnamese)).toEqual(byKey);
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 with BOM, NFD and Windows-1258', () => {
    const text = 'Phường Hải Châu';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)]);
    expect(decodeText(bom)).toBe(text);
    expect(decodeText(Buffer.from(text.normalize('NFD')))).toBe(text);
    // Windows-1258 has precomposed ư, â, ơ… but writes tone marks as combining characters.
    const cp1258Form = [...text]
      .map((c) => {
        const d = c.normalize('NFD');
        const tone = d.replace(/[^\u0300\u0301\u0303\u0309\u0323]/gu, '');
        return d.replace(/[\u0300\u0301\u0303\u0309\u0323]/gu, '').normalize('NFC') + tone;
      })
      .join('');
    const bytes = iconv.encode(cp1258Form, 'windows1258');
    expect(bytes.includes(0x3f)).toBe(false);
    expect(decodeText(bytes)).toBe(text);
  });
});
