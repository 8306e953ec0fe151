from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dienhinh.notifications"
    label = "notifications"
    verbose_name = "Thông báo và phản ánh"
