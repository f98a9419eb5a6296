from django.contrib import admin

from .models import Letter, LetterRole, LetterVersion


class LetterVersionInline(admin.StackedInline):
    model = LetterVersion
    extra = 0


class LetterRoleInline(admin.TabularInline):
    model = LetterRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["slug", "date", "status", "closes_at", "require_moderation", "created_at"]
    list_filter = ["status", "require_confirmation", "require_moderation"]
    search_fields = ["slug", "versions__title"]
    date_hierarchy = "date"
    inlines = [LetterVersionInline, LetterRoleInline]


@admin.register(LetterVersion)
class LetterVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "letter", "language", "is_original"]
    list_filter = ["language", "is_original"]
    search_fields = ["title", "letter__slug"]
    list_select_related = ["letter"]


@admin.register(LetterRole)
class LetterRoleAdmin(admin.ModelAdmin):
    list_display = ["letter", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["letter__slug", "user__username", "user__email"]
    list_select_related = ["letter", "user"]
    autocomplete_fields = ["user"]
