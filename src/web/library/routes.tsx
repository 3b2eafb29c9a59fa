import type { RouteObject } from 'react-router';
import { AppLayout, type NavItem } from '../platform/AppLayout';
import { RequireLogin } from '../platform/RequireLogin';
import { useMe, type Me } from '../platform/useMe';
import { AbbreviationsPage } from './AbbreviationsPage';
import { CollectionsPage } from './CollectionsPage';
import { BulkImportPage } from './BulkImportPage';
import { DocumentPage } from './DocumentPage';
import { LibraryHomePage } from './LibraryHomePage';
import { SearchPage } from './SearchPage';
import { StatsPage } from './StatsPage';
import { UploadPage } from './UploadPage';

type LibraryNavItem = NavItem & { staff?: boolean };

const nav: LibraryNavItem[] = [
  { label: 'Trang thư viện', to: '/library' },
  { label: 'Tra cứu', to: '/library/tim-kiem' },
  { label: 'Tải lên (cán bộ)', to: '/library/tai-len', staff: true },
  { label: 'Nhập hàng loạt (cán bộ)', to: '/library/nhap-hang-loat', staff: true },
  { label: 'Thống kê (cán bộ)', to: '/library/thong-ke', staff: true },
  { label: 'Bộ sưu tập (cán bộ)', to: '/library/bo-suu-tap', staff: true },
  { label: 'Từ viết tắt', to: '/library/viet-tat', staff: true },
];

/** Roles that manage the library's documents and collections (as the server's policy). */
const LIBRARIAN_ROLES = ['admin', 'leader', 'cadre'];

function isLibrarian(me: Me | null | undefined): boolean {
  return !!me && (me.isAdmin || me.roles.some((r) => LIBRARIAN_ROLES.includes(r.role)));
}

/** The library frame: staff screens are offered only to signed-in librarians. */
function LibraryLayout() {
  const me = useMe();
  return <AppLayout nav={nav.filter((item) => !item.staff || isLibrarian(me.data))} />;
}

const staff = (element: React.ReactNode) => <RequireLogin>{element}</RequireLogin>;

/** Screens of the library application, mounted under /library; reading needs no account. */
export const libraryRoutes: RouteObject[] = [
  {
    element: <LibraryLayout />,
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
