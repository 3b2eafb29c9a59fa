import { notifications, type NotificationData } from '@mantine/notifications';

/** Shows a notice whose close button has an accessible name (Mantine's has none by default). */
export function notify(data: NotificationData): void {
  notifications.show({ ...data, closeButtonProps: { 'aria-label': 'Đóng thông báo' } });
}
