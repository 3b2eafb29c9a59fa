import type { RouteObject } from 'react-router';
import { AppLayout, type NavItem } from '../platform/AppLayout';
import { RequireLogin } from '../platform/RequireLogin';
import { DashboardPage } from './DashboardPage';
import { ImportPage } from './ImportPage';
import { LatePage } from './LatePage';
import { ProvincePage } from './ProvincePage';
import { UnitPage } from './UnitPage';

const nav: NavItem[] = [
  { label: 'Toàn quốc', to: '/congress' },
  { label: 'Đơn vị chậm', to: '/congress/cham' },
  { label: 'Nhập kết quả từ Excel', to: '/congress/nhap' },
];

const staff = (element: React.ReactNode) => <RequireLogin>{element}</RequireLogin>;

/** Screens of the congress application, mounted under /congress. */
export const congressRoutes: RouteObject[] = [
  {
    element: <AppLayout nav={nav} />,
    children: [
      { path: '/congress', element: staff(<DashboardPage />) },
      { path: '/congress/tinh/:code', element: staff(<ProvincePage />) },
      { path: '/congress/don-vi/:code', element: staff(<UnitPage />) },
      { path: '/congress/cham', element: staff(<LatePage />) },
      { path: '/congress/nhap', element: staff(<ImportPage />) },
    ],
  },
];
