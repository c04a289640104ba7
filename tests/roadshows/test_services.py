from types import SimpleNamespace

from roadshows.services import questions_by_theme, recording_errors, transcript_from_vtt


def test_transcript_keeps_only_the_words():
    vtt = (
        "\ufeffWEBVTT - Staff roadshow\r\n\r\n"
        "STYLE\r\n::cue { color: yellow }\r\n\r\n"
        "NOTE checked by the comms team\r\n\r\n"
        "intro\r\n00:00.000 --> 00:02.000 align:start\r\n<v.loud Host>Welcome <b>everyone</b>.</v>\r\n\r\n"
        "00:00:02.100 --> 00:00:04.000\r\nToday: teams &amp; localities\r\nin Walsall.\r\n\r\n"
    )
    assert transcript_from_vtt(vtt) == ["Welcome everyone. Today: teams & localities in Walsall."]


def test_a_pause_starts_a_new_paragraph_and_repeated_lines_are_kept_once():
    vtt = """WEBVTT

00:00:01.000 --> 00:00:02.000
First point.

00:00:02.000 --> 00:00:03.000
First point.
And more.

01:00:05.000 --> 01:00:06.500
After the break.
"""
    assert transcript_from_vtt(vtt) == ["First point. And more.", "After the break."]


def test_no_cues_no_transcript():
    assert transcript_from_vtt("WEBVTT\n\nNOTE nothing yet\n") == []


def block(theme, question):
    return SimpleNamespace(value={"theme": theme, "question": question, "answer": ""})


def test_questions_are_grouped_by_theme_in_first_seen_order_with_unthemed_last():
    groups = questions_by_theme([
        block("", "Q1"), block("Localities", "Q2"), block("Training", "Q3"), block(" Localities ", "Q4"),
    ])
    assert [(group.theme, [q["question"] for q in group.questions]) for group in groups] == [
        ("Localities", ["Q2", "Q4"]), ("Training", ["Q3"]), ("", ["Q1"]),
    ]
    assert [group.theme for group in questions_by_theme([block("", "Q1")])] == [""]
    assert questions_by_theme([]) == []


def test_recording_rules():
    vtt, pdf = SimpleNamespace(file_extension="VTT"), SimpleNamespace(file_extension="pdf")
    video, audio = SimpleNamespace(type="video"), SimpleNamespace(type="audio")
    assert recording_errors(None, "", None) == {}
    assert recording_errors(video, "", vtt) == {}
    assert recording_errors(None, "https://www.youtube.com/watch?v=x", vtt) == {}
    assert set(recording_errors(video, "https://www.youtube.com/watch?v=x", pdf)) == {"video_url", "captions"}
    assert set(recording_errors(audio, "", vtt)) == {"video"}
    assert recording_errors(video, "", None) == {
        "captions": "Add captions for the uploaded video: a WebVTT file ending in .vtt."}
