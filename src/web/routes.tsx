import { createBrowserRouter } from 'react-router';
import { congressRoutes } from './congress/routes';
import { feedbackRoutes } from './feedback/routes';
import { libraryRoutes } from './library/routes';
import { AccountPage } from './platform/AccountPage';
import { AuditPage } from './platform/admin/AuditPage';
import { OutboxPage } from './platform/admin/OutboxPage';
import { UsersPage } from './platform/admin/UsersPage';
import { AppLayout } from './platform/AppLayout';
import { HomePage } from './platform/HomePage';
import { LoginPage } from './platform/LoginPage';
import { NotFoundPage } from './platform/NotFoundPage';
import { RequireLogin } from './platform/RequireLogin';

export const router = createBrowserRouter([
  { path: '/dang-nhap', element: <LoginPage /> },
  {
    element: <AppLayout />,
    children: [
      { path: '/', element: <HomePage /> },
      {
        path: '/tai-khoan',
        element: (
          <RequireLogin>
            <AccountPage />
          </RequireLogin>
        ),
      },
      {
        path: '/quan-tri/nguoi-dung',
        element: (
          <RequireLogin>
            <UsersPage />
          </RequireLogin>
        ),
      },
      {
        path: '/quan-tri/nhat-ky',
        element: (
          <RequireLogin>
            <AuditPage />
          </RequireLogin>
        ),
      },
      {
        path: '/quan-tri/thu-di',
        element: (
          <RequireLogin>
            <OutboxPage />
          </RequireLogin>
        ),
      },
    ],
  },
  ...feedbackRoutes,
  ...congressRoutes,
  ...libraryRoutes,
  { element: <AppLayout />, children: [{ path: '*', element: <NotFoundPage /> }] },
]);
