"""The demonstration study's 12 transcripts (`evaluation.py`): short, invented, already
pseudonymised (participants by their codes, places as "[place]"), one paragraph or speaker
turn a line.

Each line may end with the codes the two researchers gave it: after "||" the lead
researcher's sub-codes, and after a further "|" the second researcher's where they differ
(nothing after "|" means the second coded nothing there). The marks are taken off before the
text is kept."""

# ruff: noqa: E501 - a speaker's turn is one line of the transcript, however long.

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    title: str
    time_point: int
    method: str  # "interview" or "focus_group"
    speakers: tuple[str, ...]
    marked: str


INTERVIEW = "interview"
FOCUS_GROUP = "focus_group"

TRANSCRIPTS: tuple[Spec, ...] = (
    Spec(
        "Time 1 interview, service design, P01",
        1,
        INTERVIEW,
        ("P01",),
        """
Interviewer: Thank you for taking part. Can you tell me how the service came to be commissioned?
P01: We knew from the needs assessment that there was nothing between universal health visiting and specialist perinatal mental health. Families in [place] fell through that gap, and the babies were invisible in it. || fit.overlap
Interviewer: What did you want the service to do in the system?
P01: Two things really. Work with families where the relationship was under strain, and help everyone else in the early-years system notice babies' emotional needs sooner. The second part is harder to commission, because you cannot count it easily. || fit.partners | fit.partners aware.remit
Interviewer: How did you expect people to find the service?
P01: Through the health visitors mainly, and the family hubs. We assumed that once it launched, word would travel. Looking back, that was optimistic. Practitioners still tell us they have never heard of it. || aware.exists | aware.word
Interviewer: And capacity?
P01: The team was funded for a pilot, not for the whole district. When the area grew, the referrals grew faster than the posts did, and the waiting list is the result. || cap.workload | cap.wait
Interviewer: Is there anything you would design differently?
P01: I would build the consultation line in from the first day rather than adding it later. Half the calls do not need a referral at all; they need twenty minutes with someone who knows about babies. || con.advice
""",
    ),
    Spec(
        "Time 1 interview, service design, P03",
        1,
        INTERVIEW,
        ("P03",),
        """
Interviewer: You managed the set-up of the clinical team. What were the early decisions?
P03: The big one was the referral form. We wanted enough to triage safely, but every extra box is a reason for a busy midwife not to refer. We went through four versions in the first year. || ref.forms
Interviewer: What happened to referrals that did not fit?
P03: At first we declined them with a letter, and the referrer heard nothing else. That damaged relationships. Now we ring the referrer and offer a consultation instead, so the worry is still held somewhere. || ref.declined con.advice | ref.declined
Interviewer: How do people learn what the service is for?
P03: The awareness sessions help. People come away knowing it is about the relationship, not about the parent's diagnosis or the baby's sleep. Before that, a lot of referrals were really for parenting advice. || aware.remit tr.taken | aware.remit
Interviewer: Did the wider system change around you?
P03: The family hubs opened in [place] during our first year, and for a while nobody knew which of us did what. We sat down together and wrote out the boundaries, which helped more than any leaflet. || fit.overlap fit.partners | fit.partners
Interviewer: What worries you now?
P03: Staffing. Two of our clinicians are part time and the list keeps growing. Families wait longer than they should, and the babies do not wait. || cap.workload cap.wait | cap.wait
""",
    ),
    Spec(
        "Time 1 focus group, the service's team",
        1,
        FOCUS_GROUP,
        ("P05", "P06", "P07", "P12"),
        """
Facilitator: Let's start with referrals. What reaches you, and how?
P05: Mostly health visitors, some midwives, a few from social care. The forms arrive half filled in, and we spend the first call finding out what the worry actually is. || ref.forms
P06: And a lot of them are not for us. Sleep, feeding, housing. We decline them and then feel guilty, because there is a baby behind every one. || ref.declined ref.eligible | ref.declined
P07: The eligibility rules do not help. Age at referral, postcode, whether there is a relationship concern. Referrers cannot see those rules, so they guess. || ref.eligible
Facilitator: What about consultations?
P12: They are the best part of the job. A nursery worker rings about a baby who never cries, we talk it through, and she goes back with something to try. Nobody has to wait for a referral. || con.advice | con.advice con.confidence
P05: But we cannot keep doing consultations on top of a full caseload. Something gives, and it is usually our supervision time. || cap.workload
Facilitator: How do you see the team fitting with the other services?
P06: Better than a year ago. The perinatal team and we now meet monthly, so families are not bounced between us. || fit.partners
P07: The gap is with the voluntary sector. We do not know their groups well enough to signpost to them. || fit.overlap | fit.partners
""",
    ),
    Spec(
        "Time 1 focus group, early-years workforce, group A",
        1,
        FOCUS_GROUP,
        ("P27", "P28", "P37", "P62"),
        """
Facilitator: How did you first hear about the parent–infant service?
P27: A colleague mentioned it at a team meeting. I had worked in [place] for six years and never heard of it before then. || aware.word aware.exists | aware.word
P28: I only found out when one of my referrals to perinatal mental health was passed to them. || aware.exists
P62: In general practice we mostly do not know it exists. We see the mothers at the six-week check and that is it. || aware.exists | fit.overlap
Facilitator: What happened when you referred?
P37: The first one came back declined because the baby was over the age limit by a few weeks. Nobody told me there was an age limit. || ref.declined ref.eligible | ref.eligible
P27: The form asks questions I cannot answer at a first visit, like the father's mental health history. So I leave it, or I guess. || ref.forms
P28: I would rather phone someone first and ask whether it is worth referring at all. || con.advice | ref.forms
Facilitator: Have any of you done their training?
P37: I went to the awareness session. It changed how I watch a mother with her baby, what I notice in the room. || tr.taken tr.practice | tr.practice
P62: We were never released for it. The practice cannot spare a clinician for a morning. || tr.release
""",
    ),
    Spec(
        "Time 1 focus group, early-years workforce, group B",
        1,
        FOCUS_GROUP,
        ("P29", "P30", "P34", "P36"),
        """
Facilitator: What gets in the way of families getting help with their relationship with the baby?
P29: Language, often. At our hub in [place] many mums speak Urdu at home. One said to me "بچہ روتا ہے تو میں بھی روتی ہوں", when the baby cries, I cry too. There was no leaflet in Urdu to give her. || fit.language
P30: At the nursery we see the babies every day, so we notice first. But we do not know whether it is our place to say something to the parent, or to whom to pass it on. || aware.remit fit.partners | aware.remit
P34: Dads are missed. Everything is addressed to the mother. The fathers in our group do not think any of this is for them. || fit.language aware.exists | fit.partners
P36: For the families I see in temporary housing, the relationship is the last thing on anyone's list. They move every few months and the referral is lost. || fit.overlap ref.declined | fit.overlap
Facilitator: Has anyone used the consultation line?
P29: Once. The psychologist helped me think about what the mum was telling me, and I went back with different questions. I felt less alone with it. || con.advice con.confidence
P30: We did not know we could call. We thought it was only for health staff. || aware.remit | aware.exists
Facilitator: What would make the biggest difference?
P36: Someone coming to our team meeting, once, to explain what they do and what they do not do. || tr.taken aware.remit | aware.remit
""",
    ),
    Spec(
        "Time 1 interview, early-years workforce, P35",
        1,
        INTERVIEW,
        ("P35",),
        """
Interviewer: Your service supports people affected by domestic abuse. Do you come across babies?
P35: All the time. A lot of the women we support are pregnant or have a baby under one. The baby is in the room when we talk, but the baby is never the focus of our work. || fit.overlap
Interviewer: Had you heard of the parent–infant service before today?
P35: Honestly, no. I knew about health visitors and children's social care, and that is where I would go. || aware.exists
Interviewer: What would you need to refer to them?
P35: To know that it is safe. Our women fear anything that sounds like social care. If I could tell them exactly what happens after a referral, and who sees the letter, some of them would say yes. || ref.forms ref.eligible | ref.eligible
Interviewer: Would training help your team?
P35: It would, if it were short and came to us. Our advocates carry heavy caseloads and cannot go to a day's course across the district. || tr.release cap.workload | tr.release
Interviewer: Anything else?
P35: Only that the services around the family do not talk to each other. Each of us holds a piece of the picture, and the baby's piece is the one nobody holds. || fit.partners
""",
    ),
    Spec(
        "Time 2 focus group, the service's team",
        2,
        FOCUS_GROUP,
        ("P05", "P09", "P16", "P17"),
        """
Facilitator: What has changed since we last spoke?
P05: The referral form is shorter, and the navigator sends people to the right route before they fill it in. Far fewer come back declined. || ref.forms ref.declined
P09: The consultations have grown a lot. Some weeks we do more consultations than new assessments. || con.advice | cap.workload
P16: And the people who consult first make better referrals. You can hear that they have thought about the relationship, not just the symptoms. || con.confidence ref.eligible | con.confidence
Facilitator: What about training?
P17: We ran the core course four times this year. Housing officers and domestic abuse advocates came for the first time, which we never saw at the start. || tr.taken fit.partners | tr.taken
P09: They bring cases to the reflective groups now, so the learning keeps going after the course. || tr.practice
Facilitator: And capacity?
P05: Still the sore point. The wait for an assessment is shorter than it was, but only because we triage harder. || cap.wait | cap.wait cap.workload
P16: We are stretched between direct work, consultation and teaching. Every new partner wants a session for their team. || cap.workload
Facilitator: Does the service fit better with the system now?
P17: Yes. People know what we are for, and they know what we are not for. That saves everyone time. || aware.remit fit.partners | aware.remit
""",
    ),
    Spec(
        "Time 2 interview, the service's team, P23",
        2,
        INTERVIEW,
        ("P23",),
        """
Interviewer: You joined the team this year. What did you notice first?
P23: How much of the work happens outside the therapy room. Phone consultations, teaching, joining other teams' meetings. I had expected a clinic. || con.advice fit.partners | con.advice
Interviewer: How do families reach you now?
P23: Through health visitors still, but also through the nurseries and the family hubs, who did not refer at all a year ago. Some families refer themselves after hearing about us at a stay-and-play. || aware.word aware.exists | aware.word
Interviewer: What are the pressures?
P23: The waiting list. I can see the babies getting older while they wait, and at this age a few months is a long time. || cap.wait
Interviewer: And the referrals you receive, do they fit?
P23: Mostly. When they do not, we offer a consultation with the referrer rather than just a letter, and they usually find another way through with us. || ref.declined con.advice | ref.declined
Interviewer: What would you change?
P23: I would like our directory entry to say plainly what we do not do, so that people stop referring sleep problems to us. || aware.remit ref.eligible | aware.remit
""",
    ),
    Spec(
        "Time 2 focus group, early-years workforce, group C",
        2,
        FOCUS_GROUP,
        ("P27", "P30", "P49", "P50"),
        """
Facilitator: Last time some of you had not heard of the service. How is it now?
P27: Very different. It comes up at every team meeting and the health visitors in [place] have a named link clinician. || aware.exists fit.partners | aware.exists
P30: Our nursery sent six staff on the core course. We now talk about the babies' cues with the parents every day. || tr.taken tr.practice
P50: I started at the nursery after that, and I learnt from the others. They showed me how to notice when a baby goes quiet and withdrawn. || tr.practice aware.word | tr.practice
Facilitator: And referring?
P49: At the hub we ring for a consultation first, always. Half the time we do not need to refer; we just need to know what to try. || con.advice ref.forms | con.advice
P27: When I do refer, it is accepted. I know the age limits and the areas now because the navigator tells me. || ref.eligible | ref.eligible ref.forms
Facilitator: What still gets in the way?
P49: Interpreters. We have families speaking Urdu, Polish and Romanian, and booking an interpreter for a consultation takes weeks. || fit.language cap.wait | fit.language
P30: And the wait once a family is accepted. Parents lose heart. || cap.wait
""",
    ),
    Spec(
        "Time 2 focus group, early-years workforce, group D",
        2,
        FOCUS_GROUP,
        ("P51", "P53", "P55", "P56"),
        """
Facilitator: Most of you work with families facing other pressures. What has your contact with the service been?
P55: Our advocates did the awareness course in the autumn. Since then we have rung the consultation line about a dozen times. || tr.taken con.advice
P56: Housing officers came too. I did not think babies' feelings were our business. Now I think about what a move does to a baby, not just to the parents. || tr.practice con.confidence | tr.practice
P51: In social care we always knew about them, but we referred only the most serious cases, too late for the service to help. || aware.exists ref.eligible | ref.eligible
P53: From the perinatal team's side, the joint meetings mean families are not bounced between us any more. || fit.partners fit.overlap | fit.partners
Facilitator: Has anything about referring changed?
P55: The self-referral in other languages helps our women. They can refer themselves without it going through us, which feels safer to them. || fit.language ref.forms | fit.language
P51: The decisions come back faster, and when they say no they tell you what instead. || ref.declined cap.wait | ref.declined
Facilitator: What would you ask of the service next?
P56: Keep coming to our team meetings. People move on, and the new staff need to hear it again. || tr.release aware.word | aware.word
""",
    ),
    Spec(
        "Time 2 interview, early-years workforce, P52",
        2,
        INTERVIEW,
        ("P52",),
        """
Interviewer: You are a GP. How does the parent–infant service fit with general practice?
P52: Better than it did. Two years ago I would not have known it existed. Now the health visitor tells me when one of our families is seen, and I get a short letter. || aware.exists fit.partners | fit.partners
Interviewer: Have you referred?
P52: Twice, both after a consultation call. The call was quick, fifteen minutes, and the clinician helped me decide that a referral was right and what to put in it. || con.advice ref.forms | con.advice
Interviewer: What about training for practice staff?
P52: The practice nurses did the online awareness module. The doctors have not, because our time for learning goes to other priorities. || tr.taken tr.release
Interviewer: Is there anything that still does not fit?
P52: The six-week check is short and the baby's emotional life is not on the template. Until it is, we will miss things. || fit.overlap | fit.overlap cap.workload
Interviewer: What would help most?
P52: A named clinician we can ring, and a line in the discharge letter telling us the family has been seen, so the whole practice knows. || fit.partners con.advice | fit.partners
""",
    ),
    Spec(
        "Time 2 interview, early-years workforce, P60",
        2,
        INTERVIEW,
        ("P60",),
        """
Interviewer: Your nursery's referrals used to be declined. What changed?
P60: Honestly, we were referring the wrong things. Biting, sleep, toileting. The service is about the relationship between the parent and the baby, and we did not understand that until our staff did the core course. || aware.remit ref.declined | ref.declined
Interviewer: What did the course change in practice?
P60: We watch how a parent and baby are together at drop-off and pick-up. We write it down in the same words, so that when we do ring the service, we can describe what we see. || tr.practice
Interviewer: And the results?
P60: Most of our referrals are accepted now. When one is not, the clinician phones us and we agree what the nursery can do instead. || ref.declined con.advice | con.advice
Interviewer: What is still difficult?
P60: Releasing staff. Every place on a course means a room without its key person for a day, and we must keep our ratios. || tr.release cap.workload | tr.release
Interviewer: Anything else you would like to say?
P60: Only that it made the staff more confident. They used to pass every worry to the manager; now they talk to the parents themselves. || con.confidence tr.practice | con.confidence
""",
    ),
)


def parse(marked: str) -> tuple[str, list[tuple[int, int, list[str], list[str]]]]:
    """The transcript's text, and each marked line's span of speech (after its speaker's
    label) with the lead's and the second researcher's codes."""
    lines: list[str] = []
    marks: list[tuple[int, int, list[str], list[str]]] = []
    position = 0
    for raw in marked.strip().split("\n"):
        words, _bar, codes = raw.partition("||")
        line = words.rstrip()
        if codes.strip():
            lead, has_second, second = codes.partition("|")
            lead_codes = lead.split()
            second_codes = second.split() if has_second else lead_codes
            spoken = line.index(": ") + 2
            marks.append((position + spoken, position + len(line), lead_codes, second_codes))
        lines.append(line)
        position += len(line) + 1
    return "\n".join(lines) + "\n", marks
