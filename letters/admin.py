from django.contrib import admin

from letters.models import Delivery, Invitation, Letter, LetterEvent, LetterRole, LetterVersion


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trails and the delivered lists are written by the app, never by hand, and
    kept: the database refuses to change or delete them (letters 0010)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterEvent)
class LetterEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "letter", "action", "actor", "from_status", "to_status"]
    list_filter = ["action"]
    search_fields = ["letter__slug", "actor__username"]
    list_select_related = ["letter", "actor"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["letter", "delivered_on", "organizations", "individuals", "actor"]
    list_select_related = ["letter", "actor"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "letter", "invited_by", "created_at", "accepted_at", "revoked_at"]
    search_fields = ["email", "letter__slug"]
    list_select_related = ["letter", "invited_by"]
    readonly_fields = ["token", "invited_by", "accepted_at", "accepted_by", "created_at"]
