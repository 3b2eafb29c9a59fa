import { describe, expect, it } from 'vitest';
import { newTrackingCode, normaliseTrackingCode, trackingCodePrefix } from './feedback.tracking';

describe('tracking codes', () => {
  it('are random, formatted and free of look-alike characters', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newTrackingCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes)
      expect(code).toMatch(/^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{2}$/);
  });

  it('accept what a citizen types', () => {
    expect(normaliseTrackingCode(' pa 7kqm x3tz 9w ')).toBe('PA-7KQM-X3TZ-9W');
    expect(normaliseTrackingCode('7KQMX3TZ9W')).toBe('PA-7KQM-X3TZ-9W');
    expect(normaliseTrackingCode('PA-7KQM-X3TZ-90')).toBeNull();
    expect(normaliseTrackingCode('PA-1')).toBeNull();
  });

  it('give their start for a search', () => {
    expect(trackingCodePrefix('pa-3e65')).toBe('PA-3E65');
    expect(trackingCodePrefix('PA 3E65 7K')).toBe('PA-3E65-7K');
    expect(trackingCodePrefix('PA-3E6')).toBeNull();
    expect(trackingCodePrefix('3E65')).toBeNull();
    expect(trackingCodePrefix('PA-3E60')).toBeNull();
  });
});
