"""Staff groups and what each may do. Applied after every migrate, so they always exist."""
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection, GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page, Workflow, WorkflowPage,
    WorkflowTask,
)

COMMS_TEAM = "Comms team"
COMMS_APPROVERS = "Comms approvers"
HEALTHWATCH_STAFF = "Healthwatch staff"
PARTNER_STAFF = "Partner staff"
STAFF_GROUPS = (COMMS_TEAM, COMMS_APPROVERS, HEALTHWATCH_STAFF, PARTNER_STAFF)
# Pages go live after a Comms approver approves them (Wagtail workflow on the whole tree).
APPROVAL_WORKFLOW = "Comms approval"

# Django model permissions per group, as "app_label.codename". Later apps add theirs.
MODEL_PERMISSIONS = {
    COMMS_TEAM: [
        "wagtailadmin.access_admin",
        "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
        "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
        "base.change_sitesettings",
        "base.add_topic", "base.change_topic", "base.delete_topic",
        "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
        "branding.add_brandingasset", "branding.change_brandingasset", "branding.delete_brandingasset",
        "events.view_booking", "events.add_booking", "events.change_booking",
        "newsletters.add_mailinglist", "newsletters.change_mailinglist", "newsletters.delete_mailinglist",
        "newsletters.view_mailinglist", "newsletters.view_subscriber", "newsletters.add_subscriber",
        "newsletters.view_newslettercampaign",
        "mailer.view_suppression", "mailer.delete_suppression",
        # Publications in other formats: the request queue and the communication needs on record.
        "accessible_formats.view_formatrequest", "accessible_formats.change_formatrequest",
        "accessible_formats.view_communicationneed", "accessible_formats.delete_communicationneed",
    ],
    # Comms approvers also send newsletters to mailing lists (see newsletters.permissions).
    COMMS_APPROVERS: ["wagtailadmin.access_admin", "newsletters.view_newslettercampaign",
                      "newsletters.send_newslettercampaign"],
    HEALTHWATCH_STAFF: [
        "wagtailadmin.access_admin",
        "privacy.manage_personal_data",
        "privacy.view_auditlogentry",
        "privacy.view_subjectaccessrequest", "privacy.add_subjectaccessrequest",
        "privacy.change_subjectaccessrequest",
        "base.view_contactmessage", "base.change_contactmessage",
        "events.view_booking", "events.add_booking", "events.change_booking",
        "engagement.view_usergroupapplication", "engagement.change_usergroupapplication",
        "engagement.view_reach_dashboard", "engagement.invite_members", "engagement.view_equality_monitoring",
        "engagement.view_reachtarget", "engagement.change_reachtarget",
        # Engagement feedback: moderate responses, add them on someone's behalf, themes and actions.
        "engagement.view_response", "engagement.add_response", "engagement.change_response",
        "engagement.view_theme", "engagement.add_theme", "engagement.change_theme", "engagement.delete_theme",
        "engagement.view_action", "engagement.add_action", "engagement.change_action", "engagement.delete_action",
        "engagement.view_blockedsender", "engagement.delete_blockedsender",
        "engagement.add_partnerorganisation", "engagement.change_partnerorganisation",
        # Involvement payments: levels, rates and activities; claims, decisions and the finance export.
        "involvement.view_claim", "involvement.add_claim", "involvement.approve_claim", "involvement.export_claims",
        "involvement.view_activity", "involvement.add_activity", "involvement.change_activity",
        "involvement.view_involvementlevel", "involvement.add_involvementlevel",
        "involvement.change_involvementlevel", "involvement.change_involvementsettings",
        "involvement.view_paymentrate", "involvement.add_paymentrate", "involvement.change_paymentrate",
        "involvement.view_mileagerate", "involvement.add_mileagerate", "involvement.change_mileagerate",
    ],
    PARTNER_STAFF: [],
}
# The Comms team drafts, previews and submits; Comms approvers publish (and schedule).
PAGE_PERMISSIONS = {
    COMMS_TEAM: ["add_page", "change_page", "lock_page", "unlock_page"],
    COMMS_APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    COMMS_TEAM: ["add_document", "change_document", "choose_document", "add_image", "change_image", "choose_image"],
}

# Anyone with one of these sees residents' personal data, so must use MFA.
PERSONAL_DATA_PERMISSIONS = ("privacy.manage_personal_data", "privacy.view_subjectaccessrequest", "base.view_contactmessage", "events.view_booking",
                             "engagement.view_usergroupapplication", "engagement.change_usergroupapplication",
                             "engagement.view_equality_monitoring", "engagement.view_response",
                             "engagement.change_response", "engagement.add_response", "newsletters.view_subscriber",
                             "mailer.view_suppression", "accessible_formats.view_formatrequest",
                             "accessible_formats.view_communicationneed", "involvement.view_claim")


def ensure_staff_groups():
    """Create the staff groups and give them exactly the permissions above."""
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name in STAFF_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(MODEL_PERMISSIONS[name]))
        if root_page:
            for codename in PAGE_PERMISSIONS.get(name, []):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename),
                )
        if root_collection:
            for codename in COLLECTION_PERMISSIONS.get(name, []):
                app_label = "wagtaildocs" if codename.endswith("document") else "wagtailimages"
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection,
                    permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                )


def ensure_approval_workflow():
    """One approval step, by Comms approvers, for every page on the site."""
    root_page = Page.get_first_root_node()
    if root_page is None:
        return None
    approvers = Group.objects.get(name=COMMS_APPROVERS)
    workflow, _ = Workflow.objects.get_or_create(name=APPROVAL_WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name="Comms approver review").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Comms approver review")
    task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return workflow


def _permissions(names):
    permissions = []
    for name in names:
        app_label, codename = name.split(".")
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return permissions


def sees_personal_data(user):
    return user.is_authenticated and (user.is_superuser or any(user.has_perm(p) for p in PERSONAL_DATA_PERMISSIONS))


def is_staff_member(user):
    """Partner staff or any staff group: may download branding assets."""
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists())
