import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, ApiError, setCsrfToken } from './api';
import { useRefreshMe } from './useMe';

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const refreshMe = useRefreshMe();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ csrfToken: string }>('/api/v1/auth/login', {
        json: { username, password, ...(needTotp ? { totp } : {}) },
      });
      setCsrfToken(result.csrfToken);
      await refreshMe();
      const from = (location.state as { from?: string } | null)?.from;
      await navigate(from && from !== '/dang-nhap' ? from : '/', { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_REQUIRED') setNeedTotp(true);
      setError(e instanceof Error ? e.message : 'Đăng nhập không thành công.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
          <Stack>
            <div>
              <Title id="login-title" order={1} size="h2" c="red.8">
                Mặt trận số
              </Title>
              <Text c="dimmed" size="sm">
                Đăng nhập dành cho cán bộ Mặt trận Tổ quốc Việt Nam các cấp
              </Text>
            </div>
            {error && (
              <Alert color="red" role="alert" title="Không đăng nhập được">
                {error}
              </Alert>
            )}
            <TextInput
              label="Tên đăng nhập"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="Mật khẩu"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {needTotp && (
              <TextInput
                label="Mã xác thực hai lớp"
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                value={totp}
                onChange={(e) => setTotp(e.currentTarget.value)}
              />
            )}
            <Button type="submit" loading={busy} color="red.8">
              Đăng nhập
            </Button>
            <Text size="sm" c="dimmed">
              Người dân gửi phản ánh, tra cứu hồ sơ hay đọc thư viện số không cần tài khoản:{' '}
              <a href="/">về trang chủ</a>.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
