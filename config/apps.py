"""Third-party apps under names the admin shows in the reader's language.

The admin's index lists each app by its verbose_name; django-axes and the task
queue's database backend name theirs in English only ("AXES", "TASKS DATABASE
BACKEND"). Their models' names are translated through config.djangostrings.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class TaskQueueConfig(TasksAppConfig):
    verbose_name = _("Task queue")
