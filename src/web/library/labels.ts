/** Vietnamese labels of the library's codes. */

export const STATUS_LABELS: Record<string, string> = {
  in_force: 'Còn hiệu lực',
  partly_in_force: 'Còn hiệu lực một phần',
  expired: 'Hết hiệu lực',
  not_yet_in_force: 'Chưa có hiệu lực',
  unknown: 'Không rõ hiệu lực',
};

export const STATUS_COLORS: Record<string, string> = {
  in_force: 'teal.9',
  partly_in_force: 'violet.9',
  expired: 'gray.7',
  not_yet_in_force: 'blue.9',
  unknown: 'gray.7',
};

export const ACCESS_LABELS: Record<string, string> = {
  public: 'Công khai',
  internal: 'Nội bộ Mặt trận',
  restricted: 'Hạn chế',
};

export const LEVEL_LABELS: Record<string, string> = {
  central: 'Trung ương',
  province: 'Cấp tỉnh',
  commune: 'Cấp xã',
};

export const FACET_LABELS: Record<string, string> = {
  type: 'Loại văn bản',
  issuer: 'Cơ quan ban hành',
  year: 'Năm ban hành',
  status: 'Hiệu lực',
  topic: 'Chủ đề',
  level: 'Cấp',
};

export const RELATION_LABELS: Record<string, string> = {
  amended_by_this: 'Được văn bản này sửa đổi',
  replaced_by_this: 'Được văn bản này thay thế',
  amends_this: 'Sửa đổi, bổ sung văn bản này',
  replaces_this: 'Thay thế văn bản này',
};

export const DOCUMENT_TYPES = [
  'Hiến pháp',
  'Luật',
  'Nghị quyết',
  'Nghị định',
  'Thông tư',
  'Quyết định',
  'Chỉ thị',
  'Hướng dẫn',
  'Kế hoạch',
  'Báo cáo',
  'Công văn',
  'Tài liệu tuyên truyền',
  'Sổ tay',
  'Biểu mẫu',
  'Hình ảnh',
  'Khác',
];

/** The label of a facet value (status and level are codes). */
export function facetValueLabel(facet: string, value: string): string {
  if (facet === 'status') return STATUS_LABELS[value] ?? value;
  if (facet === 'level') return LEVEL_LABELS[value] ?? value;
  return value;
}
