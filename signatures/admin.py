from django.contrib import admin

from letters.admin import ReadOnlyAdmin
from signatures.models import ExportRecord, Member, Network, Signature, SignatureEvent


class MemberInline(admin.TabularInline):
    model = Member
    fk_name = "network_signature"
    extra = 0
    raw_id_fields = ["signature"]


class SignatureEventInline(admin.TabularInline):
    model = SignatureEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "action",
        "actor",
        "from_status",
        "to_status",
        "reason",
        "changes",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "letter",
        "status",
        "visibility",
        "country",
        "is_lead",
        "created_at",
    ]
    list_filter = ["status", "kind", "visibility", "origin", "is_lead", "letter"]
    search_fields = ["name", "acronym", "email", "contact_name"]
    list_select_related = ["letter"]
    raw_id_fields = ["letter", "network"]
    readonly_fields = ["sort_name", "created_at", "updated_at"]
    inlines = [MemberInline, SignatureEventInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "website", "created_at"]
    search_fields = ["name", "acronym"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "network_signature", "position"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "network_signature__name"]
    raw_id_fields = ["network_signature", "signature"]


@admin.register(SignatureEvent)
class SignatureEventAdmin(ReadOnlyAdmin):
    list_display = ["signature", "action", "actor", "from_status", "to_status", "created_at"]
    list_filter = ["action"]
    search_fields = ["signature__name", "reason"]
    list_select_related = ["signature", "actor"]


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    """The audit log of exports with contact details: nobody adds, edits or deletes one."""

    list_display = ["letter", "actor", "format", "include_contacts", "via", "created_at"]
    list_filter = ["via", "format"]
    list_select_related = ["letter", "actor"]
    search_fields = ["letter__slug", "actor__username"]
