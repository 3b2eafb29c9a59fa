/** Vietnamese labels of the feedback application's codes (mirrors the server's schema). */

export const TYPE_LABELS: Record<string, string> = {
  phan_anh: 'Phản ánh',
  kien_nghi: 'Kiến nghị',
  khieu_nai: 'Khiếu nại',
  to_cao: 'Tố cáo',
};

export const FIELD_LABELS: Record<string, string> = {
  dat_dai: 'Đất đai, xây dựng',
  moi_truong: 'Môi trường',
  giao_thong: 'Giao thông, hạ tầng',
  an_ninh: 'An ninh, trật tự',
  y_te: 'Y tế',
  giao_duc: 'Giáo dục',
  an_sinh: 'Lao động, an sinh xã hội',
  hanh_chinh: 'Thủ tục hành chính',
  can_bo: 'Cán bộ, công chức',
  khac: 'Khác',
};

export const CHANNEL_LABELS: Record<string, string> = {
  web: 'Cổng trực tuyến',
  phone: 'Điện thoại',
  letter: 'Thư, đơn',
  reception: 'Tiếp công dân',
  voter_meeting: 'Tiếp xúc cử tri',
  open311: 'Open311',
  email: 'Thư điện tử',
};

export const STATUS_LABELS: Record<string, string> = {
  received: 'Đã tiếp nhận',
  classified: 'Đã phân loại',
  accepted: 'Đã thụ lý',
  returned: 'Trả lại, hướng dẫn',
  rejected: 'Không thụ lý',
  assigned: 'Đã giao xử lý',
  forwarded: 'Đã chuyển',
  in_progress: 'Đang xử lý',
  paused: 'Tạm dừng',
  answer_drafted: 'Đã dự thảo trả lời',
  answered: 'Đã trả lời',
  rated: 'Đã đánh giá',
  closed: 'Đã đóng',
  reopened: 'Mở lại',
  merged: 'Đã gộp',
  withdrawn: 'Đã rút',
  hidden: 'Đã ẩn',
};

export const ACTION_LABELS: Record<string, string> = {
  classify: 'Phân loại',
  accept: 'Thụ lý',
  return_guidance: 'Trả lại và hướng dẫn',
  reject: 'Không thụ lý',
  assign: 'Giao xử lý',
  forward: 'Chuyển',
  receive_forward: 'Nhận hồ sơ chuyển đến',
  decline_forward: 'Trả lại hồ sơ chuyển đến',
  start: 'Bắt đầu xử lý',
  extend: 'Gia hạn',
  pause: 'Tạm dừng',
  resume: 'Tiếp tục',
  draft_answer: 'Dự thảo trả lời',
  publish: 'Công bố trả lời',
  close: 'Đóng',
  merge: 'Gộp vào hồ sơ khác',
  hide: 'Ẩn (kiểm duyệt)',
  rate: 'Đánh giá',
  reopen: 'Mở lại',
  withdraw: 'Rút',
};

export const STATUS_COLORS: Record<string, string> = {
  received: 'blue',
  classified: 'blue',
  accepted: 'cyan',
  assigned: 'cyan',
  forwarded: 'grape',
  in_progress: 'yellow',
  paused: 'gray',
  answer_drafted: 'orange',
  answered: 'green',
  rated: 'green',
  closed: 'dark',
  reopened: 'red',
  returned: 'gray',
  rejected: 'gray',
  merged: 'gray',
  withdrawn: 'gray',
  hidden: 'gray',
};

export const options = (map: Record<string, string>) =>
  Object.entries(map).map(([value, label]) => ({ value, label }));
