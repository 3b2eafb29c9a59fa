import { useQuery } from '@tanstack/react-query';
import { api } from '../platform/api';

/** Shapes and hooks of the library's bulk import (server: library.bulk.schema.ts). */

export type ImportProblem = {
  rowNumber: number | null;
  column: string | null;
  columnLabel: string | null;
  severity: 'error' | 'warning';
  message: string;
};

export type ImportLimits = { text: string };

export type ImportPreview = {
  unit: { code: string; name: string };
  blocked: boolean;
  rows: {
    rowNumber: number;
    fileName: string | null;
    title: string | null;
    number: string | null;
    action: 'create' | 'unchanged' | 'error';
    documentId: number | null;
  }[];
  problems: ImportProblem[];
  summary: { create: number; unchanged: number; error: number; warning: number };
};

export type ImportResult = {
  created: number;
  unchanged: number;
  skipped: number;
  failed: number;
  rows: {
    rowNumber: number;
    fileName: string | null;
    title: string | null;
    action: 'created' | 'unchanged' | 'skipped' | 'failed';
    documentId: number | null;
    message: string | null;
  }[];
};

type ImportInfo = {
  limits: ImportLimits;
  columns: { key: string; header: string; required: boolean }[];
};

export const IMPORT_PATH = '/api/v1/library/import';

/** The sheet's columns and the limits of one import. */
export function useImportInfo() {
  return useQuery({ queryKey: ['library-import'], queryFn: () => api<ImportInfo>(IMPORT_PATH) });
}

/** Sends the two files (and the unit) to the dry run or to apply. */
export function sendImport<T>(
  step: 'preview' | 'apply',
  files: { sheet: File; archive: File },
  unitCode: string | null,
): Promise<T> {
  const body = new FormData();
  if (unitCode) body.set('unitCode', unitCode);
  body.set('sheet', files.sheet);
  body.set('archive', files.archive);
  return api<T>(`${IMPORT_PATH}/${step}`, { method: 'POST', body });
}
