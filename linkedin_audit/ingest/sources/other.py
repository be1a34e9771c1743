"""Every other file named in docs/export-format.md: known, loaded as raw text only (or known and ignored).
`complete_only` marks the files seen only in Complete archives (they decide `exports.kind`)."""

from linkedin_audit.ingest.sources.spec import IGNORED, RAW, SourceSpec


def _raw(name: str, *basenames: str, complete_only: bool = False) -> SourceSpec:
    return SourceSpec(name=name, basenames=basenames, treatment=RAW, complete_only=complete_only)


SPECS: tuple[SourceSpec, ...] = (
    _raw("search_queries", "SearchQueries.csv", "Search Queries.csv", complete_only=True),
    _raw("logins", "Logins.csv", complete_only=True),
    _raw("security_challenges", "Security Challenges.csv", complete_only=True),
    _raw("inferences_about_you", "Inferences_about_you.csv", complete_only=True),
    _raw("ads_clicked", "Ads Clicked.csv", complete_only=True),
    _raw("hashtag_follows", "Hashtag_Follows.csv", complete_only=True),
    _raw("saved_items", "Saved_Items.csv", complete_only=True),
    _raw("account_status_history", "Account Status History.csv", complete_only=True),
    _raw("instant_reposts", "InstantReposts.csv", complete_only=True),
    _raw("certifications", "Certifications.csv"),
    _raw("volunteering", "Volunteering.csv"),
    _raw("projects", "Projects.csv"),
    _raw("honors", "Honors.csv"),
    _raw("publications", "Publications.csv"),
    _raw("organizations", "Organizations.csv"),
    _raw("courses", "Courses.csv"),
    _raw("languages", "Languages.csv"),
    _raw("skills", "Skills.csv"),
    _raw("causes_you_care_about", "Causes You Care About.csv"),
    _raw("member_hashtags", "Member Hashtags.csv"),
    _raw("duolingo", "Duolingo.csv"),
    _raw("phone_numbers", "PhoneNumbers.csv", "Phone Numbers.csv"),
    _raw("whatsapp_phone_numbers", "Whatsapp Phone Numbers.csv"),
    _raw("registration", "Registration.csv"),
    _raw("receipts", "Receipts_v2.csv", "Receipts.csv"),
    _raw("ad_targeting", "Ad_Targeting.csv", "Ad Targeting.csv"),
    _raw("reviews", "Reviews.csv"),
    _raw("private_identity_asset", "Private_identity_asset.csv"),
    _raw("verifications", "Verifications.csv"),
    _raw("notes", "Notes.csv"),
    _raw("job_applications", "Job Applications.csv"),
    _raw("saved_jobs", "Saved Jobs.csv"),
    _raw("job_seeker_preferences", "Job Seeker Preferences.csv"),
    _raw("online_job_postings", "Online Job Postings.csv"),
    _raw("job_applicant_saved_answers", "Job Applicant Saved Answers.csv"),
    _raw("job_applicant_screening_responses", "Job Applicant Saved Screening Question Responses.csv"),
    _raw("saved_job_alerts", "SavedJobAlerts.csv"),
    _raw("learning", "Learning.csv"),
    _raw("events", "Events.csv"),
    _raw("rich_media", "Rich_Media.csv"),
    _raw("videos", "Videos.csv"),
    _raw("calendar", "Calendar.csv"),
    SourceSpec(name="articles", basenames=("Articles.html",), treatment=IGNORED),
)
