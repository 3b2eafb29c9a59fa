/** Shapes of the feedback API's answers, as the screens use them. */

export type DueState = 'overdue' | 'due_soon' | 'on_track' | 'none';

export type CaseItem = {
  id: number;
  trackingCode: string;
  type: string;
  field: string;
  title: string;
  status: string;
  statusLabel: string;
  unitCode: string;
  unitName: string;
  communeCode: string | null;
  channel: string;
  receivedAt: string;
  dueAt: string | null;
  dueState: DueState;
  petitionerLabel: string | null;
  assigneeId: number | null;
  version: number;
};

export type CaseEvent = {
  id: number;
  at: string;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorName: string;
  unitCode: string | null;
  unitName: string | null;
  note: string | null;
  public: boolean;
};

export type CaseDetail = CaseItem & {
  content: string;
  provinceCode: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  anonymous: boolean;
  complex: boolean;
  forwardKind: string | null;
  forwardedTo: string | null;
  answer: string | null;
  answerPublic: boolean;
  answeredAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  mergedIntoId: number | null;
  personalDataVisible: boolean;
  petitioner: {
    name: string | null;
    phone: string | null;
    email: string | null;
    idNumber: string | null;
    address: string | null;
  } | null;
  events: CaseEvent[];
  attachments: { id: number; fileName: string; contentType: string; size: number }[];
  actions: string[];
};

export type PublicCase = {
  trackingCode: string;
  type: string;
  field: string;
  title: string;
  status: string;
  statusLabel: string;
  unitName: string;
  receivedAt: string;
  dueAt: string | null;
  history: { at: string; action: string; status: string | null; note: string | null }[];
  answer: string | null;
  answeredAt: string | null;
  rating: number | null;
  actions: ('rate' | 'reopen' | 'withdraw')[];
};

export type Unit = { code: string; name: string; level: string };
