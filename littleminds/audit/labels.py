"""The words people read for the actions the audit trail keeps. An event keeps its action
as a name ("auth.signed_in") so that searches and exports stay stable; pages show these
words instead, and the search offers them by subject. The names are plain strings, so this
module imports no other app."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Each subject: the start its actions share, its name, "any action" on it, and its actions.
SUBJECTS: list[tuple[str, Promise, Promise, dict[str, Promise]]] = [
    (
        "auth.",
        _("Signing in"),
        _("Any signing in or out"),
        {
            "auth.signed_in": _("Signed in"),
            "auth.signed_out": _("Signed out"),
            "auth.second_factor_verified": _("Passed two-factor sign-in"),
            "auth.second_factor_failed": _("Entered a wrong security code"),
            "auth.second_factor_enrolment_started": _("Started setting up two-factor sign-in"),
            "auth.second_factor_enrolled": _("Set up two-factor sign-in"),
            "auth.second_factor_reset": _("Reset a person's two-factor sign-in"),
        },
    ),
    (
        "user.",
        _("People"),
        _("Any action on people's accounts"),
        {
            "user.viewed": _("Opened a person's account"),
            "user.created": _("Added a person"),
            "user.invited": _("Invited a person"),
            "user.password_set": _("Set a password"),
            "user.password_reset_requested": _("Asked to reset a password"),
            "user.roles_changed": _("Changed a person's roles"),
            "user.deactivated": _("Deactivated an account"),
            "user.reactivated": _("Reactivated an account"),
        },
    ),
    (
        "accounts.",
        _("Partner systems"),
        _("Any action on API tokens"),
        {
            "accounts.api_token_created": _("Made an API token"),
            "accounts.api_token_revoked": _("Revoked an API token"),
        },
    ),
    (
        "demo.",
        _("Demonstration data"),
        _("Any loading of demonstration data"),
        {
            "demo.community_seeded": _("Loaded demonstration community messaging"),
            "demo.insights_seeded": _("Loaded demonstration history for the insights"),
            "demo.evaluation_seeded": _("Loaded the demonstration evaluation study"),
        },
    ),
    (
        "organisation.",
        _("Organisations"),
        _("Any action on organisations"),
        {
            "organisation.created": _("Added an organisation"),
            "organisation.kind_set": _("Set the kind of an organisation"),
        },
    ),
    ("team.", _("Teams"), _("Any action on teams"), {"team.created": _("Added a team")}),
    (
        "referral.",
        _("Referrals"),
        _("Any action on referrals"),
        {
            "referral.viewed": _("Opened a referral"),
            "referral.draft_started": _("Started a referral"),
            "referral.draft_saved": _("Saved a draft referral"),
            "referral.draft_discarded": _("Discarded a draft referral"),
            "referral.submit": _("Sent a referral"),
            "referral.start_triage": _("Started triage"),
            "referral.accept": _("Accepted a referral"),
            "referral.decline": _("Declined a referral"),
            "referral.redirect": _("Redirected a referral"),
            "referral.request_info": _("Asked for more information"),
            "referral.answer_info": _("Answered a request for more information"),
            "referral.mark_duplicate": _("Marked a referral as a duplicate"),
            "referral.withdraw": _("Withdrew a referral"),
            "referral.first_contact": _("Recorded the first contact"),
            "referral.intake_set_up": _("Set up an intake"),
            "referral.intake_changed": _("Changed an intake"),
            "referral.intake_closed": _("Closed an intake"),
            "referral.intake_reopened": _("Opened an intake again"),
            "referral.intake_removed": _("Removed an intake"),
            "referral.intake_default_moved": _("Moved the default intake"),
            "referral.searched": _("Searched referrals by name"),
            "referral.status_checked": _("A family checked where their request is"),
        },
    ),
    (
        "notification.",
        _("Messages"),
        _("Any message to families, referrers or staff"),
        {
            "notification.sent": _("Sent a message"),
            "notification.failed": _("A message could not be sent"),
            "notification.retry": _("Tried a message again"),
        },
    ),
    (
        "case.",
        _("Cases"),
        _("Any action on cases"),
        {
            "case.opened": _("Opened a case"),
            "case.viewed": _("Looked at a case"),
            "case.referral_joined": _("Joined a referral to a family's open case"),
            "case.allocated": _("Allocated a clinician"),
            "case.allocation_ended": _("Ended a clinician's allocation"),
            "case.lead_changed": _("Changed the lead clinician"),
            "case.person_added": _("Added a person to a case"),
            "case.person_changed": _("Changed a person's details"),
            "case.baby_added": _("Added a baby to a case"),
            "case.baby_born": _("Recorded a birth"),
            "case.contact_planned": _("Planned a contact"),
            "case.contact_recorded": _("Recorded a contact"),
            "case.note_signed": _("Signed a note"),
            "case.addendum_signed": _("Signed an addendum to a note"),
            "case.goal_agreed": _("Agreed a goal"),
            "case.goal_rated": _("Rated a goal"),
            "case.intervention_added": _("Added an intervention"),
            "case.intervention_updated": _("Changed an intervention"),
            "case.flag_raised": _("Raised a safeguarding flag"),
            "case.flag_closed": _("Closed a safeguarding flag"),
            "case.chronology_signed": _("Signed a chronology entry"),
            "case.week_viewed": _("Looked at their week of contacts"),
            "case.closed": _("Closed a case"),
            "case.reopened": _("Reopened a case"),
            "case.destroyed": _("Destroyed a case past its retention date"),
        },
    ),
    (
        "note.",
        _("Case notes"),
        _("Any reading of case notes"),
        {"note.viewed": _("Read case notes")},
    ),
    (
        "chronology.",
        _("Safeguarding chronologies"),
        _("Any reading of a safeguarding chronology"),
        {"chronology.viewed": _("Read a safeguarding chronology")},
    ),
    (
        "administration.",
        _("Outcome measures"),
        _("Any action on outcome measures"),
        {
            "administration.recorded": _("Recorded an outcome measure"),
            "administration.replaced": _("Corrected an outcome measure"),
        },
    ),
    (
        "task.",
        _("Tasks"),
        _("Any action on tasks"),
        {
            "task.added": _("Added a task"),
            "task.done": _("Completed a task"),
            "task.risk_opened": _("A risk answer opened a task"),
        },
    ),
    (
        "questionnaire_link.",
        _("Questionnaire links"),
        _("Any action on a family's questionnaire link"),
        {
            "questionnaire_link.made": _("Made a questionnaire link"),
            "questionnaire_link.sent": _("Sent a questionnaire link"),
            "questionnaire_link.not_sent": _("A questionnaire link could not be sent"),
            "questionnaire_link.withdrawn": _("Withdrew a questionnaire link"),
            "questionnaire_link.used": _("The family filled in a questionnaire by link"),
        },
    ),
    (
        "closingletter.",
        _("Closing letters"),
        _("Any reading of a closing letter"),
        {"closingletter.viewed": _("Read a closing letter")},
    ),
    (
        "care_list.",
        _("Interventions and safeguarding lists"),
        _("Any change to the lists managers keep"),
        {
            "care_list.added": _("Added to a list"),
            "care_list.renamed": _("Renamed a list entry"),
            "care_list.retired": _("Retired a list entry"),
            "care_list.restored": _("Restored a list entry"),
        },
    ),
    (
        "casework.",
        _("Calendar links"),
        _("Any change to a calendar link"),
        {
            "casework.calendar_feed_made": _("Made a calendar link"),
            "casework.calendar_feed_reset": _("Reset a calendar link"),
        },
    ),
    (
        "service.",
        _("Services"),
        _("Any action on services"),
        {
            "service.created": _("Added a service"),
            "service.changed": _("Changed a service"),
            "service.status_changed": _("Changed a service's status"),
            "service.confirmed": _("Confirmed a service's details"),
            "service.linked": _("Linked two services"),
            "service.unlinked": _("Removed a link between services"),
            "service.overlap_reviewed": _("Recorded an overlap between services"),
        },
    ),
    (
        "area.",
        _("Areas"),
        _("Any action on areas"),
        {
            "area.created": _("Added an area"),
            "area.coverage_added": _("Added postcodes to an area"),
            "area.coverage_ended": _("Ended an area's postcodes"),
        },
    ),
    (
        "need.",
        _("Needs"),
        _("Any action on the needs list"),
        {
            "need.created": _("Added a need"),
            "need.changed": _("Changed a need"),
        },
    ),
    (
        "map.",
        _("Time points"),
        _("Any action on time points"),
        {"map.snapshot_taken": _("Saved a time point")},
    ),
    (
        "directory.",
        _("Directory imports"),
        _("Any import into the directory"),
        {"directory.imported": _("Imported services")},
    ),
    (
        "pathway.",
        _("Navigator rules"),
        _("Any action on the navigator's rules"),
        {
            "pathway.draft_created": _("Started a draft of the navigator's rules"),
            "pathway.draft_changed": _("Changed the draft rules"),
            "pathway.draft_discarded": _("Discarded the draft rules"),
            "pathway.rules_published": _("Published the navigator's rules"),
            "pathway.rules_republished": _("Published earlier rules again"),
            "pathway.scenario_created": _("Added a test scenario"),
            "pathway.scenario_changed": _("Changed a test scenario"),
            "pathway.scenario_restored": _("Restored a test scenario"),
            "pathway.scenario_retired": _("Retired a test scenario"),
        },
    ),
    (
        "consultation.",
        _("Consultations"),
        _("Any action on consultations"),
        {
            "consultation.slots_published": _("Offered consultation slots"),
            "consultation.slot_withdrawn": _("Withdrew a consultation slot"),
            "consultation.booked": _("Booked a consultation"),
            "consultation.moved": _("Moved a consultation"),
            "consultation.cancelled": _("Cancelled a consultation"),
            "consultation.reminded": _("Reminded of a consultation"),
            "consultation.booking_viewed": _("Opened a consultation with a family's details"),
            "consultation.recorded": _("Recorded a consultation"),
            "consultation.record_changed": _("Changed a consultation's record"),
            "consultation.duty_recorded": _("Recorded a duty consultation"),
            "consultation.feedback_given": _("Gave feedback on a consultation"),
            "consultation.feedback_changed": _("Changed feedback on a consultation"),
            "consultation.group_created": _("Created a reflective practice group"),
            "consultation.group_joined": _("Joined a reflective practice group session"),
            "consultation.group_left": _("Left a reflective practice group session"),
            "consultation.group_recorded": _("Recorded a group session's attendance and themes"),
            "consultation.group_feedback_given": _("Gave feedback on a reflective practice group"),
            "consultation.group_feedback_changed": _(
                "Changed feedback on a reflective practice group"
            ),
            "consultation.callback_requested": _("Asked for a call back"),
            "consultation.callback_done": _("Marked a call-back request done"),
            "consultation.referral_started": _("Started a referral from a consultation"),
        },
    ),
    (
        "community.",
        _("Community messaging"),
        _("Any action on community messaging"),
        {
            "community.campaign_created": _("Added a campaign"),
            "community.campaign_changed": _("Changed a campaign"),
            "community.event_created": _("Added a community event"),
            "community.event_changed": _("Changed a community event"),
            "community.event_published": _("Published a community event"),
            "community.event_unpublished": _("Took a community event back to a draft"),
            "community.event_cancelled": _("Cancelled a community event"),
            "community.event_booked": _("Booked places at a community event"),
            "community.booking_cancelled": _("Cancelled a booking at a community event"),
            "community.bookings_viewed": _("Read who booked a community event"),
            "community.message_sent": _("Sent a message to a family who booked an event"),
            "community.message_not_sent": _(
                "Could not send a message to a family who booked an event"
            ),
            "community.reach_recorded": _("Recorded reach"),
            "community.reach_changed": _("Changed a record of reach"),
            "community.reach_removed": _("Removed a record of reach"),
            "community.reach_viewed": _("Read the reach report"),
            "community.reach_downloaded": _("Downloaded the reach report"),
            "community.material_created": _("Added a leaflet, poster or video"),
            "community.material_changed": _("Changed a leaflet, poster or video"),
            "community.material_approved": _("Approved a leaflet, poster or video"),
            "community.material_published": _("Published a leaflet, poster or video"),
            "community.material_unpublished": _(
                "Took a leaflet, poster or video off the public pages"
            ),
            "community.version_added": _(
                "Added a file of a leaflet, poster or video in a language"
            ),
            "community.version_replaced": _("Replaced a file of a leaflet, poster or video"),
            "community.version_removed": _("Removed a file of a leaflet, poster or video"),
        },
    ),
    (
        "training.",
        _("Training"),
        _("Any action on training"),
        {
            "training.course_created": _("Added a training course"),
            "training.attendance_marked": _("Marked attendance at training"),
            "training.attendance_changed": _("Changed a mark of attendance at training"),
            "training.certificate_issued": _("Issued a training certificate"),
            "training.certificate_withdrawn": _("Withdrew a training certificate"),
            "training.certificate_restored": _("Gave back a withdrawn training certificate"),
            "training.course_changed": _("Changed a training course"),
            "training.session_added": _("Added a training session"),
            "training.session_cancelled": _("Cancelled a training session"),
            "training.place_booked": _("Booked a training place"),
            "training.waiting_list_joined": _("Joined a training session's waiting list"),
            "training.registration_asked": _("Asked for a training place without an account"),
            "training.registration_repeated": _(
                "Asked again for a training place already confirmed"
            ),
            "training.registration_expired": _(
                "A request for a training place was not confirmed in time"
            ),
            "training.place_offered": _("Offered a freed training place"),
            "training.offer_accepted": _("Accepted an offered training place"),
            "training.offer_declined": _("Declined an offered training place"),
            "training.offer_lapsed": _("An offered training place lapsed"),
            "training.place_cancelled": _("Cancelled a training place"),
            "training.reminder_sent": _("Sent a reminder of training tomorrow"),
            "training.email_sent": _("Sent a training email to someone without an account"),
            "training.email_not_sent": _(
                "Could not send a training email to someone without an account"
            ),
            "training.questionnaire_item_added": _("Added a statement to a training questionnaire"),
            "training.questionnaire_item_reworded": _(
                "Reworded a statement of a training questionnaire"
            ),
            "training.questionnaire_item_moved": _("Moved a statement of a training questionnaire"),
            "training.questionnaire_item_retired": _(
                "Retired a statement of a training questionnaire"
            ),
            "training.questionnaire_answered": _("Answered a training questionnaire"),
            "training.questionnaire_invited": _("Sent an invitation to a training questionnaire"),
            "training.questionnaire_summary_viewed": _(
                "Looked at a training course's change and feedback"
            ),
            "training.report_viewed": _("Looked at the training reports"),
            "training.report_downloaded": _("Downloaded the training reports as a spreadsheet"),
        },
    ),
    (
        "insights.",
        _("Insights"),
        _("Any action on insights"),
        {
            "insights.exported": _("Downloaded insights figures"),
            "insights.weights_changed": _("Changed the weights of the embeddedness score"),
            "insights.commissioner_created": _("Set up a commissioning body"),
            "insights.commissioner_changed": _("Changed a commissioning body"),
            "insights.commissioner_removed": _("Removed a commissioning body"),
        },
    ),
    # The evaluation workbench (issue 17): starting a study (main's skeleton audits it), then
    # the participants part.
    (
        "study.",
        _("Evaluation studies"),
        _("Any action on an evaluation study"),
        {
            "study.created": _("Started an evaluation study"),
            "study.figures_exported": _("Downloaded a study's figures from the service's records"),
            "study.codebook_exported": _(
                "Downloaded a study's codebook for other analysis software (.qdc)"
            ),
            "study.project_exported": _(
                "Downloaded a whole study for other analysis software (.qdpx)"
            ),
            "study.imported": _("Imported a REFI-QDA codebook or project into a study"),
        },
    ),
    (
        "participant.",
        _("Evaluation participants"),
        _("Any action on a study's participants"),
        {
            "participant.added": _("Added a participant to a study"),
            "participant.changed": _("Changed a study participant's details"),
            "participant.withdrawn": _("Withdrew a participant from a study"),
            "participant.table_downloaded": _("Downloaded a study's Table 1 of participants"),
        },
    ),
    (
        "listed_name.",
        _("Names replaced in transcripts"),
        _("Any action on a study's listed names"),
        {
            "listed_name.added": _("Listed a name to replace in a study's transcripts"),
            "listed_name.changed": _("Changed a name listed for a study's transcripts"),
            "listed_name.removed": _("Removed a name listed for a study's transcripts"),
        },
    ),
    (
        "study_researcher.",
        _("Study researchers"),
        _("Any change to a study's researchers"),
        {
            "study_researcher.added": _("Added a researcher to a study"),
            "study_researcher.changed": _("Made a study's researcher lead, or not"),
            "study_researcher.removed": _("Took a researcher off a study"),
        },
    ),
    (
        "code.",
        _("Codebooks"),
        _("Any change to a study's codebook"),
        {
            "code.created": _("Added a code to a codebook"),
            "code.changed": _("Changed a code of a codebook"),
            "code.moved": _("Moved a code of a codebook"),
            "code.merged": _("Merged one code into another"),
            "code.removed": _("Removed a code from a codebook"),
        },
    ),
    (
        "coding.",
        _("Coding"),
        _("Any coding of a transcript"),
        {
            "coding.applied": _("Coded a passage of a transcript"),
            "coding.removed": _("Removed a coding from a passage"),
            "coding.imported": _("Imported a transcript's codings from another tool"),
        },
    ),
    (
        "memo.",
        _("Memos"),
        _("Any action on a study's memos"),
        {
            "memo.added": _("Wrote a memo"),
            "memo.changed": _("Changed a memo"),
            "memo.removed": _("Removed a memo"),
            "memo.imported": _("Imported a memo from another tool"),
        },
    ),
    (
        "transcript.",
        _("Evaluation transcripts"),
        _("Any action on an evaluation's transcripts"),
        {
            "transcript.uploaded": _("Uploaded a transcript for an evaluation"),
            "transcript.imported": _("Imported a transcript from another tool, ready to code"),
            "transcript.viewed": _("Read an evaluation transcript"),
            "transcript.pseudonymised": _("Replaced the names in an evaluation transcript"),
            "transcript.original_viewed": _(
                "Read an evaluation transcript as uploaded, with its real names"
            ),
            "transcript.deleted": _("Deleted an evaluation transcript"),
        },
    ),
    (
        "analysis.",
        _("Evaluation analysis"),
        _("Any reading or download of an evaluation's analysis"),
        {
            "analysis.passages_viewed": _("Read the passages coded with a code"),
            "analysis.passages_exported": _("Downloaded the passages coded with a code"),
            "analysis.matrix_exported": _("Downloaded an evaluation's matrix of codes"),
        },
    ),
]

ACTIONS: dict[str, Promise] = {
    action: words for _start, _name, _any, actions in SUBJECTS for action, words in actions.items()
}


def action_words(action: str) -> str:
    """An action in words ("Signed in"). An action this list does not know yet is shown
    as words too ("case.closed" as "Case closed"), never as its name."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    words = action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def action_choices() -> list[tuple[str, object]]:
    """The search's choices: any action, then each subject with "any" first."""
    return [
        ("", _("Any action")),
        *(
            (str(name), [(start, any_of), *actions.items()])
            for start, name, any_of, actions in SUBJECTS
        ),
    ]
