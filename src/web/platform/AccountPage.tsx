import {
  Alert,
  Button,
  Card,
  Code,
  Container,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api } from './api';
import { useMe, useRefreshMe } from './useMe';

/** The user's own account: password change and the TOTP second factor. */
export function AccountPage() {
  const me = useMe();
  const refreshMe = useRefreshMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');

  async function changePassword(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/v1/me/password', { json: { currentPassword: current, newPassword: next } });
      setCurrent('');
      setNext('');
      notifications.show({ color: 'green', message: 'Đã đổi mật khẩu.' });
      const wasTemporary = me.data?.mustChangePassword ?? false;
      await refreshMe();
      // Back to the screen the temporary password kept the user from.
      if (wasTemporary) {
        const from = (location.state as { from?: string } | null)?.from;
        await navigate(from ?? '/', { replace: true });
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  async function confirmTotp(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await api('/api/v1/me/totp/confirm', { json: { code } });
      setTotp(null);
      notifications.show({ color: 'green', message: 'Đã bật xác thực hai lớp.' });
      await refreshMe();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Container size="sm">
      <Stack>
        <Title order={1} size="h2">
          Tài khoản và bảo mật
        </Title>
        {me.data?.mustChangePassword && (
          <Alert color="yellow">Bạn cần đổi mật khẩu do quản trị viên cấp.</Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Card withBorder component="form" onSubmit={(e: FormEvent) => void changePassword(e)}>
          <Stack>
            <Title order={2} size="h4">
              Đổi mật khẩu
            </Title>
            <PasswordInput
              label="Mật khẩu hiện tại"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
            <PasswordInput
              label="Mật khẩu mới (ít nhất 10 ký tự)"
              autoComplete="new-password"
              required
              value={next}
              onChange={(e) => setNext(e.currentTarget.value)}
            />
            <Button type="submit" w="fit-content" color="red.8">
              Đổi mật khẩu
            </Button>
          </Stack>
        </Card>
        {!me.data?.mustChangePassword && (
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                Xác thực hai lớp (TOTP)
              </Title>
              {me.data?.totpEnabled ? (
                <Text>Đã bật. Mỗi lần đăng nhập cần mã 6 chữ số từ ứng dụng xác thực.</Text>
              ) : totp ? (
                <form onSubmit={(e) => void confirmTotp(e)}>
                  <Stack>
                    <Text size="sm">
                      Thêm khoá sau vào ứng dụng xác thực (Google Authenticator, Microsoft
                      Authenticator…), rồi nhập mã đang hiện:
                    </Text>
                    <Code block>{totp.secret}</Code>
                    <TextInput
                      label="Mã 6 chữ số"
                      inputMode="numeric"
                      maxLength={6}
                      value={code}
                      onChange={(e) => setCode(e.currentTarget.value)}
                    />
                    <Button type="submit" w="fit-content">
                      Xác nhận và bật
                    </Button>
                  </Stack>
                </form>
              ) : (
                <Button
                  w="fit-content"
                  variant="light"
                  onClick={() =>
                    void api<{ secret: string; uri: string }>('/api/v1/me/totp/setup', {
                      json: {},
                    }).then(setTotp)
                  }
                >
                  Bật xác thực hai lớp
                </Button>
              )}
            </Stack>
          </Card>
        )}
      </Stack>
    </Container>
  );
}
