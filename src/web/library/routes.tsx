import type { RouteObject } from 'react-router';
import { AppLayout, type NavItem } from '../platform/AppLayout';
import { RequireLogin } from '../platform/RequireLogin';
import { AbbreviationsPage } from './AbbreviationsPage';
import { CollectionsPage } from './CollectionsPage';
import { BulkImportPage } from './BulkImportPage';
import { DocumentPage } from './DocumentPage';
import { LibraryHomePage } from './LibraryHomePage';
import { SearchPage } from './SearchPage';
import { StatsPage } from './StatsPage';
import { UploadPage } from './UploadPage';

const nav: NavItem[] = [
  { label: 'Trang thư viện', to: '/library' },
  { label: 'Tra cứu', to: '/library/tim-kiem' },
  { label: 'Tải lên (cán bộ)', to: '/library/tai-len' },
  { label: 'Nhập hàng loạt (cán bộ)', to: '/library/nhap-hang-loat' },
  { label: 'Thống kê (cán bộ)', to: '/library/thong-ke' },
  { label: 'Bộ sưu tập (cán bộ)', to: '/library/bo-suu-tap' },
  { label: 'Từ viết tắt', to: '/library/viet-tat' },
];

const staff = (element: React.ReactNode) => <RequireLogin>{element}</RequireLogin>;

/** Screens of the library application, mounted under /library; reading needs no account. */
export const libraryRoutes: RouteObject[] = [
  {
    element: <AppLayout nav={nav} />,
    children: [
      { path: '/library', element: <LibraryHomePage /> },
      { path: '/library/tim-kiem', element: <SearchPage /> },
      { path: '/library/documents/:id', element: <DocumentPage /> },
      { path: '/library/documents/:id/dieu/:article', element: <DocumentPage /> },
      { path: '/library/documents/:id/dieu/:article/khoan/:clause', element: <DocumentPage /> },
      {
        path: '/library/documents/:id/dieu/:article/khoan/:clause/diem/:point',
        element: <DocumentPage />,
      },
      { path: '/library/documents/:id/dieu/:article/diem/:point', element: <DocumentPage /> },
      { path: '/library/tai-len', element: staff(<UploadPage />) },
      { path: '/library/nhap-hang-loat', element: staff(<BulkImportPage />) },
      { path: '/library/thong-ke', element: staff(<StatsPage />) },
      { path: '/library/viet-tat', element: staff(<AbbreviationsPage />) },
      { path: '/library/bo-suu-tap', element: staff(<CollectionsPage />) },
    ],
  },
];
