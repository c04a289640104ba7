"""The Comms team imports an existing list from CSV: the good rows go in, every bad line is skipped and
reported, duplicates are merged, and importing a file again sends nobody a second e-mail."""
import pytest
from django.utils import timezone

from newsletters import imports, subscriptions
from newsletters.models import Subscriber, Subscription

pytestmark = pytest.mark.django_db

HEADER = "email,name,lists,consent_basis,consent_date,consent_source\n"
Status = Subscription.Status


def csv(*rows):
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode()


def test_a_good_file_is_imported_with_each_row_s_consent_basis(lists, mailoutbox, django_capture_on_commit_callbacks):
    data = csv(
        "Ann@Example.org,Ann Smith,stakeholder-newsletter,consent,2024-03-31,Sign-up sheet at the March roadshow",
        'bob@example.org,,"Stakeholder newsletter; get-involved",confirmed,31/01/2023,Old website sign-up',
        "chris@walsallhealthcare.nhs.uk,Chris,stakeholder-newsletter,work_contact,,",
        "dee@example.org,Dee,get-involved,ask_to_confirm,,",
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_subscribers(data)
    assert (report.rows, report.new_subscribers, report.subscriptions_added) == (4, 4, 5)
    assert report.confirmation_emails == 1

    ann = Subscriber.objects.get(email="ann@example.org")
    assert ann.name == "Ann Smith" and ann.is_confirmed
    subscription = ann.subscriptions.get()
    assert subscription.status == Status.SUBSCRIBED and subscription.source == Subscription.Source.IMPORT
    assert subscription.consent_basis == "consent"
    assert subscription.consent_given_on.isoformat() == "2024-03-31"
    assert subscription.consent_detail == "Sign-up sheet at the March roadshow"
    assert Subscriber.objects.get(email="bob@example.org").subscriptions.count() == 2
    assert Subscriber.objects.get(email="chris@walsallhealthcare.nhs.uk").is_confirmed

    # Without a declared consent, the address is not confirmed: they are asked to confirm.
    dee = Subscriber.objects.get(email="dee@example.org")
    assert not dee.is_confirmed and dee.subscriptions.get().status == Status.PENDING
    assert [m.to for m in mailoutbox] == [["dee@example.org"]]
    assert mailoutbox[0].subject == "Confirm your subscription to Walsall Together e-mails"


def test_good_rows_are_imported_and_every_bad_line_is_skipped_with_why(lists):
    Subscriber.objects.create(email="existing@example.org")
    data = csv(
        "good@example.org,Good,stakeholder-newsletter,consent,2024-03-31,Paper form",
        "not-an-address,Bad,stakeholder-newsletter,consent,2024-03-31,Paper form",
        "c@example.org,,no-such-list,consent,2024-03-31,Paper form",
        "d@example.org,,stakeholder-newsletter,because,,",
        "e@example.org,,stakeholder-newsletter,consent,,",
        "f@example.org,,stakeholder-newsletter,work_contact,,",
        "g@example.org,,stakeholder-newsletter,consent,2999-01-01,Paper form",
        "h@example.org,,stakeholder-newsletter,consent,31 March,Paper form",
        "=cmd,,stakeholder-newsletter,consent,2024-03-31,Paper form",
    )
    report = imports.import_subscribers(data)
    assert (report.rows, report.new_subscribers, report.subscriptions_added) == (1, 1, 1)
    errors = {row.line: row.problem for row in report.skipped}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert errors[3] == "'not-an-address' is not an e-mail address"
    assert errors[4] == "No mailing list called 'no-such-list'"
    assert errors[5].startswith("consent_basis must be one of confirmed, consent, work_contact, ask_to_confirm")
    assert "A consent date is needed" in errors[6] and "consent_source" in errors[6]
    assert errors[7] == "work_contact is only for work addresses at partner organisations"
    assert errors[8] == "The consent date is in the future"
    assert "is not a date" in errors[9]
    assert sorted(Subscriber.objects.values_list("email", flat=True)) == ["existing@example.org", "good@example.org"]

    # The skipped rows as a file to correct: the columns as they were, the line and the problem;
    # a cell a spreadsheet would run as a formula is quoted.
    skipped = imports.skipped_csv(report.skipped).splitlines()
    assert skipped[0] == "email,name,lists,consent_basis,consent_date,consent_source,line,problem"
    assert skipped[1] == "not-an-address,Bad,stakeholder-newsletter,consent,2024-03-31,Paper form,3,'not-an-address' is not an e-mail address"
    assert skipped[-1].startswith("'=cmd,")


def test_the_same_address_on_several_lines_is_merged(lists):
    data = csv("ann@example.org,Ann,stakeholder-newsletter,consent,2024-03-31,Paper form",
               "ANN@example.org,,get-involved,consent,2024-03-31,Paper form",
               "ann@example.org,,stakeholder-newsletter,consent,2024-03-31,Paper form")
    report = imports.import_subscribers(data)
    assert (report.rows, report.merged, report.new_subscribers, report.subscriptions_added) == (3, 2, 1, 2)
    ann = Subscriber.objects.get()
    assert ann.name == "Ann" and ann.subscriptions.count() == 2 and not report.skipped


def test_importing_the_same_file_again_sends_no_second_confirmation(lists, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    data = csv("dee@example.org,Dee,get-involved,ask_to_confirm,,")
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_subscribers(data)
    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_subscribers(data)
    assert (report.confirmation_emails, report.already_waiting, report.subscriptions_added) == (0, 1, 0)
    assert [m.to for m in mailoutbox] == [["dee@example.org"]]


def test_the_template_file_imports_cleanly(lists):
    report = imports.import_subscribers(imports.template_csv())
    assert report.rows == 4 and not report.skipped


def test_missing_columns_are_reported_on_line_1(lists):
    with pytest.raises(imports.ImportFailed) as failure:
        imports.import_subscribers(b"address,lists\nann@example.org,stakeholder-newsletter\n")
    [(line, message)] = failure.value.errors
    assert line == 1 and "Missing: email, consent_basis" in message


def test_excel_files_with_a_byte_order_mark_or_windows_encoding_are_read(lists):
    utf8 = "\ufeff" + HEADER + "zoë@example.org,Zoë,stakeholder-newsletter,work_contact,,\n"
    report = imports.import_subscribers(utf8.encode("utf-8"))  # not a partner address, but the file was read
    assert report.skipped[0].values["name"] == "Zoë"
    cp1252 = HEADER + "renee@nhs.net,Renée,stakeholder-newsletter,work_contact,,\n"
    imports.import_subscribers(cp1252.encode("cp1252"))
    assert Subscriber.objects.get().name == "Renée"


def test_an_import_never_puts_back_someone_who_unsubscribed(lists):
    subscriptions.sign_up("ann@example.org", [lists[0]])
    ann = Subscriber.objects.get()
    subscriptions.confirm({"t": ann.token, "l": [lists[0].pk]})
    subscriptions.unsubscribe(ann, lists[0])

    report = imports.import_subscribers(csv("ann@example.org,Ann,stakeholder-newsletter,consent,2024-01-01,Form"))
    assert report.kept_unsubscribed == 1 and report.subscriptions_added == 0
    assert ann.subscriptions.get().status == Status.UNSUBSCRIBED


def test_importing_the_same_file_twice_adds_nothing_the_second_time(lists):
    data = csv("ann@example.org,Ann,stakeholder-newsletter,consent,2024-01-01,Form")
    imports.import_subscribers(data)
    report = imports.import_subscribers(data, now=timezone.now())
    assert (report.new_subscribers, report.subscriptions_added, report.already_subscribed) == (0, 0, 1)
    assert Subscription.objects.count() == 1
