import type { RouteObject } from 'react-router';
import { AppLayout, type NavItem } from '../platform/AppLayout';
import { RequireLogin } from '../platform/RequireLogin';
import { CasePage } from './CasePage';
import { EntryPage } from './EntryPage';
import { HolidaysPage } from './HolidaysPage';
import { InboxPage } from './InboxPage';
import { LookupPage } from './LookupPage';
import { SettingsPage } from './SettingsPage';
import { StatsPage } from './StatsPage';
import { SubmitPage } from './SubmitPage';

const nav: NavItem[] = [
  { label: 'Hộp thư', to: '/feedback' },
  { label: 'Quá hạn', to: '/feedback?due=overdue' },
  { label: 'Nhập hồ sơ', to: '/feedback/nhap' },
  { label: 'Thống kê', to: '/feedback/thong-ke' },
  { label: 'Ngày nghỉ', to: '/feedback/ngay-nghi' },
  { label: 'Thời hạn', to: '/feedback/thoi-han' },
];

const staff = (element: React.ReactNode) => <RequireLogin>{element}</RequireLogin>;

/** Screens of the feedback application, mounted under /feedback. */
export const feedbackRoutes: RouteObject[] = [
  { path: '/feedback/gui', element: <SubmitPage /> },
  { path: '/feedback/tra-cuu', element: <LookupPage /> },
  {
    element: <AppLayout nav={nav} />,
    children: [
      { path: '/feedback', element: staff(<InboxPage />) },
      { path: '/feedback/ho-so/:id', element: staff(<CasePage />) },
      { path: '/feedback/nhap', element: staff(<EntryPage />) },
      { path: '/feedback/thong-ke', element: staff(<StatsPage />) },
      { path: '/feedback/ngay-nghi', element: staff(<HolidaysPage />) },
      { path: '/feedback/thoi-han', element: staff(<SettingsPage />) },
    ],
  },
];
