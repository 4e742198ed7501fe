"""Demonstration content for the service directory and the early-years system map.

Everything here is fictional. "Brackendale" is an invented district shaped like Bradford: it uses
Bradford's postcode districts (BD1–BD22 and LS29) so that eligibility by postcode can be shown,
but every organisation, service, address, person and contact detail is made up. Telephone
numbers are Ofcom drama numbers (01632 960xxx, 07700 900xxx), e-mail addresses and web sites
are on example.org, and street addresses are invented.

SERVICES describes the system at the evaluation's second time point (winter 2023); TIME_1 lists
how it differed at the first (summer 2022), so the two system maps can be compared.
"""

from __future__ import annotations

# Organisations already created by the demonstration instance (data.SYSTEM_ORGANISATIONS).
CHARITY = "Brackendale Family Charity"
TRUST = "Brackendale District Care NHS Trust"
HEALTH_VISITING = "Brackendale Health Visiting Service"
MATERNITY = "Brackendale Maternity Service"
PERINATAL = "Brackendale Perinatal Mental Health Team"
SOCIAL_CARE = "Brackendale Children's Social Care"
FAMILY_HUBS = "Brackendale Family Hubs"
MOORSIDE = "Moorside Medical Practice"
LITTLE_ACORNS = "Little Acorns Day Nursery"
DADS = "Dads and Babies Together"
SAFE_SPACES = "Safe Spaces Domestic Abuse Service"
HOUSING = "Brackendale Housing Options"

# Organisations that only the directory needs. All names are invented.
COUNCIL = "Brackendale Council"
KESTREL_ROW = "Kestrel Row Surgery"
KINDRED_STEPS = "Kindred Steps CIC"
BETTER_BEGINNINGS = "Brackendale Better Beginnings Partnership"
GENTLE_HANDS = "Gentle Hands Community Group"
FEEDING_FRIENDS = "Brackendale Feeding Friends"
WELCOME_BRIDGE = "Welcome Bridge Brackendale"
OPEN_DOOR = "Open Door Family Volunteers"
BABY_LOSS = "Brackendale Baby Loss Network"
SMALL_HOURS = "Small Hours Trust"
NORTHGATE = "Northgate Family Network"
CRAVEN_DALES = "Craven Dales Family Support"
RECOVERY = "Brackendale Recovery Collective"
MONEY_MATTERS = "Brackendale Money Matters Trust"

ORGANISATIONS: list[tuple[str, str]] = [
    (
        COUNCIL,
        "The local authority; runs libraries, early education funding and welfare rights "
        "advice, and commissions some family services.",
    ),
    (KESTREL_ROW, "A GP practice in the south-east of the district."),
    (
        KINDRED_STEPS,
        "A community interest company that the council commissioned in 2023 to run a "
        "parent–baby bonding service.",
    ),
    (
        BETTER_BEGINNINGS,
        "A ten-year, lottery-funded programme for families with young children in four "
        "inner-city wards.",
    ),
    (GENTLE_HANDS, "A volunteer-run baby massage group meeting in community centres."),
    (FEEDING_FRIENDS, "A charity of trained volunteer breastfeeding peer supporters."),
    (WELCOME_BRIDGE, "A charity supporting refugees and people seeking asylum."),
    (
        OPEN_DOOR,
        "A charity whose trained volunteer parents visit families with young children at home.",
    ),
    (BABY_LOSS, "A peer support charity for parents who have lost a baby."),
    (SMALL_HOURS, "A national charity running a night-time helpline for parents of babies."),
    (NORTHGATE, "A parents' network in north Leeds, just outside the district."),
    (CRAVEN_DALES, "A family support charity for the Craven area, north of the district."),
    (RECOVERY, "The district's adult drug and alcohol treatment and recovery service."),
    (MONEY_MATTERS, "A charity giving free, independent debt advice."),
]

NEED_TERMS: list[tuple[str, str, str, str]] = [
    (
        "bonding",
        "Bonding and attachment",
        "Worries about the bond between a parent and their baby: the parent finds it hard to "
        "feel close, to enjoy the baby or to understand what the baby needs.",
        "relationship",
    ),
    (
        "baby_regulation",
        "Crying, sleeping or feeding",
        "A baby's crying, sleeping or feeding is hard to settle and is putting a strain on the "
        "relationship between the parent and the baby.",
        "relationship",
    ),
    (
        "trauma_loss",
        "Trauma or loss",
        "A difficult birth, the loss of a baby or another loved one, or the parent's own past "
        "experiences are getting in the way of the relationship with the baby.",
        "relationship",
    ),
    (
        "parenting_confidence",
        "Confidence as a parent",
        "A parent feels unsure, anxious or overwhelmed about caring for their baby and about "
        "whether they are doing it right.",
        "relationship",
    ),
    (
        "parent_mental_health",
        "Parent's mental health",
        "A parent's own mental health, such as anxiety, low mood, depression or a more serious "
        "mental illness, in pregnancy or after the birth.",
        "other",
    ),
    (
        "domestic_abuse",
        "Domestic abuse",
        "Someone in the family is being controlled, threatened, hurt or abused by a partner, "
        "former partner or relative.",
        "other",
    ),
    (
        "substance_use",
        "Drugs or alcohol",
        "A parent's or carer's use of drugs or alcohol is affecting them or the family.",
        "other",
    ),
    (
        "housing",
        "Housing and homelessness",
        "The family is homeless, at risk of losing their home, or living somewhere unsafe, "
        "overcrowded or temporary.",
        "other",
    ),
    (
        "money",
        "Money, debt and benefits",
        "The family is struggling with debt, benefits or the cost of living.",
        "other",
    ),
    (
        "refugee_asylum",
        "Refugee or seeking asylum",
        "The family has come to the UK as refugees or is seeking asylum and needs help to find "
        "their way around services.",
        "other",
    ),
]

# Postcode coverage. A prefix is a postcode district ("BD1") or sector ("BD3 9").
_DISTRICT_PREFIXES = [f"BD{number}" for number in range(1, 23)] + ["LS29"]
_BETTER_START_SECTORS = ["BD3 0", "BD3 8", "BD3 9", "BD4 7", "BD4 8", "BD5 0", "BD5 7", "BD8 7"]

AREAS: list[dict] = [
    {
        "key": "brackendale-district",
        "name": "Brackendale district",
        "description": "The whole district: postcode districts BD1 to BD22 and LS29.",
        "coverage": [(prefix, "2016-04-01", None) for prefix in _DISTRICT_PREFIXES],
    },
    {
        "key": "better-start-wards",
        "name": "Better Beginnings wards",
        "description": (
            "The four inner-city wards served by the Better Beginnings programme, taken as "
            "postcode sectors in BD3, BD4, BD5 and BD8."
        ),
        "coverage": [(sector, "2016-04-01", None) for sector in _BETTER_START_SECTORS],
    },
    {
        "key": "lmm-clinical",
        "name": "Little Minds Matter clinical area",
        "description": (
            "Little Minds Matter began in the Better Beginnings wards on 1 April 2018 and took "
            "the whole district from 1 April 2020."
        ),
        "coverage": [(sector, "2018-04-01", "2020-03-31") for sector in _BETTER_START_SECTORS]
        + [(prefix, "2020-04-01", None) for prefix in _DISTRICT_PREFIXES],
    },
    {
        "key": "craven",
        "name": "Craven",
        "description": "The Craven area north of the district (BD23 and BD24); not in Brackendale.",
        "coverage": [("BD23", "2016-04-01", None), ("BD24", "2016-04-01", None)],
    },
    {
        "key": "leeds",
        "name": "North and central Leeds",
        "description": (
            "Leeds postcode districts LS1 to LS17, east of the district; not in Brackendale."
        ),
        "coverage": [(f"LS{number}", "2016-04-01", None) for number in range(1, 18)],
    },
    {
        "key": "moorside-catchment",
        "name": "Moorside Medical Practice catchment",
        "description": "The practice area of Moorside Medical Practice (BD8, BD9 and BD15).",
        "coverage": [
            ("BD8", "2016-04-01", None),
            ("BD9", "2016-04-01", None),
            ("BD15", "2016-04-01", None),
        ],
    },
    {
        "key": "kestrel-row-catchment",
        "name": "Kestrel Row Surgery catchment",
        "description": "The practice area of Kestrel Row Surgery (BD3, BD4 and BD5).",
        "coverage": [
            ("BD3", "2016-04-01", None),
            ("BD4", "2016-04-01", None),
            ("BD5", "2016-04-01", None),
        ],
    },
]


def _access(
    method: str, phone: str = "", email: str = "", url: str = "", instructions: str = ""
) -> dict:
    """One way in to a service; blank strings where a field does not apply."""
    return {
        "method": method,
        "phone": phone,
        "email": email,
        "url": url,
        "instructions": instructions,
    }


def _place(name: str, address: str, postcode: str, latitude: float, longitude: float) -> dict:
    """A place where a service is delivered (invented address, real-looking postcode)."""
    return {
        "name": name,
        "address": address,
        "postcode": postcode,
        "latitude": latitude,
        "longitude": longitude,
    }


SERVICES: list[dict] = [
    # ---------------------------------------------------------------- core (green) ring
    {
        "key": "lmm-parent-infant",
        "organisation": TRUST,
        "name": "Little Minds Matter – parent–infant relationship service",
        "summary": (
            "Therapeutic help for parents and babies when their relationship is under strain, "
            "from pregnancy until the baby's second birthday."
        ),
        "description": (
            "A team of parent–infant psychotherapists, clinical psychologists, therapeutic social "
            "workers and specialist health visitors. We work with parents and babies together, at "
            "home or in a community venue, when worries about bonding, a baby's crying, sleeping "
            "or feeding, or past trauma or loss are getting in the way of the relationship. "
            "Practitioners can also book a consultation to talk a family through with one of our "
            "clinicians and keep working with the family themselves."
        ),
        "remit": (
            "Families living in the district, from pregnancy until the day before the baby's "
            "second birthday, where there is a worry about the relationship between the parent "
            "and the baby. We offer therapeutic work with parent and baby together, and case "
            "consultation and reflective practice for the practitioners who work with them."
        ),
        "boundaries": (
            "Not an emergency service: if a parent or baby is at risk of harm now, contact "
            "children's social care, the perinatal mental health urgent advice line or 999. We do "
            "not take referrals for children aged 2 or over, and we do not treat a parent's own "
            "mental health problem, although we work alongside the services that do. We do not "
            "carry out parenting assessments for social care or the courts."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["lmm-clinical"],
        "needs": ["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960101",
                email="referrals@little-minds.brackendale-dct.example.org",
                url="https://brackendale-dct.example.org/little-minds-matter/refer",
                instructions=(
                    "Use the online referral form. Talk to the family first: we only accept "
                    "referrals the parent has agreed to."
                ),
            ),
            _access(
                "self_referral",
                phone="01632 960101",
                email="hello@little-minds.brackendale-dct.example.org",
                url="https://brackendale-dct.example.org/little-minds-matter/self-refer",
                instructions=(
                    "Parents can fill in the short online form or ring us on weekdays, "
                    "9am to 5pm. Someone will call you back within 5 working days."
                ),
            ),
            _access(
                "consultation",
                phone="01632 960102",
                email="consultation@little-minds.brackendale-dct.example.org",
                url="https://brackendale-dct.example.org/little-minds-matter/consultation",
                instructions=(
                    "Book a 45-minute case consultation with a clinician, by video or phone. "
                    "The family stays with you; you do not need the family's name to book."
                ),
            ),
        ],
        "delivery": ["in_person", "online", "telephone"],
        "locations": [
            _place(
                "Little Minds Matter, Millbeck House",
                "Millbeck House, 14 Tanner Row, Brackendale",
                "BD3 9HW",
                53.8008,
                -1.7262,
            ),
        ],
        "languages": ["en", "ur", "pa", "pl"],
        "wait_weeks": 6,
        "status": "active",
        "email": "hello@little-minds.brackendale-dct.example.org",
        "url": "https://brackendale-dct.example.org/little-minds-matter",
        "phone": "01632 960101",
    },
    {
        "key": "lmm-community",
        "organisation": CHARITY,
        "name": "Little Minds Matter – community messaging",
        "summary": (
            "Talks, stay-and-play sessions and leaflets in community languages about babies' "
            "feelings and early relationships."
        ),
        "description": (
            "Community development workers run stay-and-play sessions, talks for parents' and "
            "faith groups, and campaigns about how babies feel and communicate. Leaflets and "
            "short films are available in the main community languages of the district. This is "
            "the community strand of Little Minds Matter."
        ),
        "remit": (
            "Any parent, family, community group or faith group in the district with a baby or "
            "expecting one. We help people understand babies' emotional needs and know where to "
            "turn for help."
        ),
        "boundaries": (
            "Does not offer one-to-one therapeutic work or assessment: families who need more are "
            "helped to talk to their health visitor or to the Little Minds Matter clinical team. "
            "Does not give advice about a baby's physical health."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "baby_regulation", "parenting_confidence"],
        "access": [
            _access(
                "drop_in",
                url="https://brackendale-family-charity.example.org/little-minds/stay-and-play",
                instructions="Stay-and-play sessions are free and open to all; no need to book.",
            ),
            _access(
                "self_referral",
                phone="01632 960103",
                email="littleminds@brackendale-family-charity.example.org",
                instructions=(
                    "Community and faith groups can ask for a free talk or a stall at an event."
                ),
            ),
        ],
        "delivery": ["in_person", "online"],
        "locations": [
            _place(
                "Brackendale Family Charity, Weaver's Yard",
                "2 Weaver's Yard, Listerhills Lane, Brackendale",
                "BD7 1DP",
                53.7901,
                -1.7703,
            ),
        ],
        "languages": ["en", "ur", "pa", "bn", "pl", "ro", "sk"],
        "wait_weeks": None,
        "status": "active",
        "email": "littleminds@brackendale-family-charity.example.org",
        "url": "https://brackendale-family-charity.example.org/little-minds",
        "phone": "01632 960103",
    },
    {
        "key": "health-visiting",
        "organisation": HEALTH_VISITING,
        "name": "Health visiting (0–19 children's public health service)",
        "summary": (
            "Health visitors support every family with a baby or young child, from late "
            "pregnancy until the child starts school."
        ),
        "description": (
            "Every family has a named health visiting team. Health visitors visit in late "
            "pregnancy, after the birth and at regular reviews, and run child health clinics in "
            "family hubs. They give advice on feeding, sleep, development and the parent's "
            "emotional wellbeing, and refer on when more help is needed."
        ),
        "remit": (
            "All families with children under 5 living in the district: five reviews from late "
            "pregnancy to age 2½, child health clinics, and extra visits for families who need "
            "more support. Health visitors check every parent's emotional wellbeing after the "
            "birth."
        ),
        "boundaries": (
            "Not an emergency or out-of-hours service. Health visitors do not provide therapy for "
            "parents or babies; they refer to specialist services. Children aged 5 and over are "
            "seen by school nurses, not health visitors."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "baby_regulation", "parenting_confidence", "parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960110",
                email="hv.duty@brackendale-hv.example.org",
                instructions="Ring the duty health visitor, weekdays 9am to 5pm.",
            ),
            _access(
                "practitioner_referral",
                phone="01632 960110",
                email="hv.referrals@brackendale-hv.example.org",
                instructions="E-mail the referral form to the secure inbox.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Health visiting base, Horton Green Clinic",
                "Horton Green Clinic, 40 Beckside Road, Brackendale",
                "BD5 0HD",
                53.7812,
                -1.7608,
            ),
        ],
        "languages": ["en", "ur", "pa"],
        "wait_weeks": 1,
        "status": "active",
        "email": "hv.duty@brackendale-hv.example.org",
        "url": "https://brackendale-hv.example.org/health-visiting",
        "phone": "01632 960110",
    },
    {
        "key": "young-parents-nurse",
        "organisation": HEALTH_VISITING,
        "name": "Young parents' nurse programme",
        "summary": (
            "Regular home visits from one specially trained nurse for young first-time parents, "
            "from pregnancy until the child is 2."
        ),
        "description": (
            "A specially trained nurse visits the young parent at home every week or two, from "
            "early pregnancy until the child's second birthday. The nurse helps with the parent's "
            "own health and plans as well as the baby's. Partners are welcome at every visit."
        ),
        "remit": (
            "First-time mothers aged 19 or under at conception, and their partners, who live in "
            "the district and join before 28 weeks of pregnancy."
        ),
        "boundaries": (
            "Cannot take parents who already have a child, who join after 28 weeks of pregnancy "
            "or after the birth: they stay with their health visitor. Not a crisis service. Ends "
            "at the child's second birthday."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960111",
                email="young.parents@brackendale-hv.example.org",
                instructions="Midwives refer at the booking appointment.",
            ),
            _access(
                "self_referral",
                phone="01632 960111",
                instructions="Young parents can ring the team to ask whether they can join.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en"],
        "wait_weeks": 2,
        "status": "active",
        "email": "young.parents@brackendale-hv.example.org",
        "url": "https://brackendale-hv.example.org/young-parents",
        "phone": "01632 960111",
    },
    {
        "key": "infant-feeding",
        "organisation": HEALTH_VISITING,
        "name": "Infant feeding team",
        "summary": "Specialist help with feeding babies under 1, however they are fed.",
        "description": (
            "Infant feeding advisers see families at home, in clinics and by video when feeding "
            "is not going well. They support breastfeeding, mixed feeding, responsive bottle "
            "feeding and starting solid food, and can refer for a tongue-tie assessment."
        ),
        "remit": (
            "Babies under 1 living in the district whose feeding needs more expert help than "
            "their midwife or health visitor can give: breastfeeding, mixed feeding, responsive "
            "bottle feeding and starting solids."
        ),
        "boundaries": (
            "Does not see children aged 1 or over, and does not manage poor weight gain that "
            "needs a paediatrician. Not a drop-in service: families are referred by a midwife, "
            "health visitor or GP, or can ring the advice line."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 12,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["baby_regulation", "parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960112",
                email="infant.feeding@brackendale-hv.example.org",
                instructions="Use the feeding referral form; say how the baby's weight is going.",
            ),
            _access(
                "self_referral",
                phone="01632 960112",
                instructions="Advice line open weekdays, 9am to 4pm.",
            ),
        ],
        "delivery": ["in_person", "online", "telephone"],
        "locations": [
            _place(
                "Central Brackendale family hub",
                "Central Brackendale Family Hub, 5 Chapel Croft, Brackendale",
                "BD1 3QA",
                53.7946,
                -1.7531,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 1,
        "status": "active",
        "email": "infant.feeding@brackendale-hv.example.org",
        "url": "https://brackendale-hv.example.org/infant-feeding",
        "phone": "01632 960112",
    },
    {
        "key": "community-midwifery",
        "organisation": MATERNITY,
        "name": "Community midwifery",
        "summary": (
            "Care from community midwives through pregnancy and the first weeks after the birth."
        ),
        "description": (
            "Community midwives see pregnant women and birthing people at home, in GP surgeries "
            "and in family hubs. They provide antenatal checks, help plan the birth, and visit "
            "after the birth until care passes to the health visitor. They ask about emotional "
            "wellbeing at every appointment."
        ),
        "remit": (
            "Everyone who is pregnant and lives in the district, from booking until handover to "
            "the health visitor after the birth."
        ),
        "boundaries": (
            "Midwives hand care to the health visitor 10 to 28 days after the birth, and never "
            "later than 6 weeks. Not an emergency service: in labour, or if the baby is moving "
            "less, ring the maternity assessment unit straight away."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 2,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "parenting_confidence", "parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960120",
                url="https://brackendale-maternity.example.org/book",
                instructions=(
                    "Book online as soon as you know you are pregnant, ideally before 10 weeks."
                ),
            ),
            _access(
                "practitioner_referral",
                phone="01632 960120",
                email="midwifery.bookings@brackendale-maternity.example.org",
                instructions="GPs and other professionals can refer by e-mail.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Community midwives, Northcliffe family hub",
                "Northcliffe Family Hub, 21 Saltaire View, Brackendale",
                "BD18 3LA",
                53.8321,
                -1.7742,
            ),
            _place(
                "Community midwives, Horton Green Clinic",
                "Horton Green Clinic, 40 Beckside Road, Brackendale",
                "BD5 0HD",
                53.7812,
                -1.7608,
            ),
        ],
        "languages": ["en", "ur", "pa", "pl", "ro"],
        "wait_weeks": 1,
        "status": "active",
        "email": "midwifery@brackendale-maternity.example.org",
        "url": "https://brackendale-maternity.example.org/community-midwives",
        "phone": "01632 960120",
    },
    {
        "key": "specialist-midwifery",
        "organisation": MATERNITY,
        "name": "Haven specialist midwifery team",
        "summary": (
            "One named midwife through pregnancy and after the birth for women whose lives are "
            "complicated by abuse, drugs or alcohol, homelessness or seeking asylum."
        ),
        "description": (
            "A small team of specialist midwives, each with a low caseload, gives continuity of "
            "care to women and birthing people who face the greatest barriers. They work closely "
            "with social care, drug and alcohol services, refuges and refugee support. Care "
            "passes to the health visitor after the birth."
        ),
        "remit": (
            "Pregnant women and birthing people in the district who are experiencing domestic "
            "abuse, using drugs or alcohol, homeless, seeking asylum, care experienced, or aged "
            "under 18."
        ),
        "boundaries": (
            "Only takes referrals during pregnancy, from another midwife, a GP or a social "
            "worker; no self-referrals. Hands over to the health visitor by 6 weeks after the "
            "birth. Does not provide drug and alcohol treatment, housing or legal advice itself."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 2,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": [
            "domestic_abuse",
            "substance_use",
            "housing",
            "refugee_asylum",
            "parent_mental_health",
            "bonding",
        ],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960121",
                email="haven.team@brackendale-maternity.example.org",
                instructions="Ring to discuss, then send the specialist midwifery referral form.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "ar", "fa", "ro"],
        "wait_weeks": 1,
        "status": "active",
        "email": "haven.team@brackendale-maternity.example.org",
        "url": "https://brackendale-maternity.example.org/haven",
        "phone": "01632 960121",
    },
    {
        "key": "perinatal-mh-community",
        "organisation": PERINATAL,
        "name": "Community perinatal mental health service",
        "summary": (
            "Specialist mental health care for parents with moderate to severe mental illness in "
            "pregnancy or in the first 2 years after birth."
        ),
        "description": (
            "Psychiatrists, psychologists, nurses, nursery nurses and occupational therapists "
            "assess and treat parents at home and in clinic. The team also gives advice before "
            "pregnancy to women with a history of serious mental illness. Partners are offered "
            "an assessment of their own needs."
        ),
        "remit": (
            "Parents living in the district with moderate to severe or complex mental health "
            "problems, in pregnancy or until the baby's second birthday, including those at risk "
            "of postpartum psychosis."
        ),
        "boundaries": (
            "Does not treat mild to moderate anxiety or depression: those parents are seen by "
            "Talking Therapies. No out-of-hours crisis care: use the urgent advice line or 999. "
            "Does not take referrals once the child is 2."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parent_mental_health", "bonding", "trauma_loss"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960130",
                email="perinatal.referrals@brackendale-perinatal.example.org",
                instructions="GPs, midwives and health visitors refer with the referral form.",
            ),
            _access(
                "consultation",
                phone="01632 960131",
                instructions=(
                    "Professionals' advice line, weekdays 9am to 5pm, to discuss whether to refer."
                ),
            ),
        ],
        "delivery": ["in_person", "online", "telephone"],
        "locations": [
            _place(
                "Perinatal mental health team, Ashgrove Centre",
                "Ashgrove Centre, 9 Ashgrove Walk, Brackendale",
                "BD7 3AB",
                53.7838,
                -1.7846,
            ),
        ],
        "languages": ["en", "ur", "pa"],
        "wait_weeks": 3,
        "status": "active",
        "email": "perinatal@brackendale-perinatal.example.org",
        "url": "https://brackendale-perinatal.example.org/community",
        "phone": "01632 960130",
    },
    {
        "key": "perinatal-urgent-line",
        "organisation": PERINATAL,
        "name": "Perinatal mental health urgent advice line",
        "summary": (
            "A 24-hour phone line for pregnant women and parents of babies under 2 in a mental "
            "health crisis, and for people worried about them."
        ),
        "description": (
            "Mental health practitioners answer the line day and night. They assess how urgent "
            "the situation is, give advice, and arrange a same-day visit or admission to a "
            "mother and baby unit when needed."
        ),
        "remit": (
            "Anyone in the district who is pregnant or has a baby under 2 and is in a mental "
            "health crisis, and the family members and professionals worried about them."
        ),
        "boundaries": (
            "Not for routine referrals or ongoing care: use the community perinatal mental "
            "health service. If someone's life is in danger now, call 999."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960132",
                instructions="Ring at any time, day or night.",
            ),
            _access(
                "practitioner_referral",
                phone="01632 960132",
                instructions="Professionals ring the same number and say they are a professional.",
            ),
        ],
        "delivery": ["telephone"],
        "locations": [],
        "languages": ["en"],
        "wait_weeks": 0,
        "status": "active",
        "email": "perinatal@brackendale-perinatal.example.org",
        "url": "https://brackendale-perinatal.example.org/urgent",
        "phone": "01632 960132",
    },
    {
        "key": "birth-trauma-loss",
        "organisation": PERINATAL,
        "name": "Birth trauma and loss psychological service",
        "summary": (
            "Psychological therapy for parents struggling after a traumatic birth, the loss of a "
            "baby or a severe fear of childbirth."
        ),
        "description": (
            "Psychologists and specialist midwives offer therapy for parents whose mental health "
            "has been affected by their maternity experience. The service opened in 2023. "
            "Therapy takes place in clinic, at home or by video."
        ),
        "remit": (
            "Parents in the district with moderate to severe difficulties arising from birth "
            "trauma, miscarriage, stillbirth or neonatal death, severe fear of childbirth, or "
            "separation from their baby at birth, in pregnancy or up to 2 years after."
        ),
        "boundaries": (
            "Does not treat mental health problems that are not linked to the maternity "
            "experience. Does not offer crisis support. Does not see parents more than 2 years "
            "after the birth or loss."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["trauma_loss", "parent_mental_health"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960133",
                email="birth.trauma@brackendale-perinatal.example.org",
                instructions="Midwives, health visitors and GPs use the referral form.",
            ),
            _access(
                "self_referral",
                url="https://brackendale-perinatal.example.org/birth-trauma/self-refer",
                instructions="Parents can refer themselves online.",
            ),
        ],
        "delivery": ["in_person", "online"],
        "locations": [
            _place(
                "Perinatal mental health team, Ashgrove Centre",
                "Ashgrove Centre, 9 Ashgrove Walk, Brackendale",
                "BD7 3AB",
                53.7838,
                -1.7846,
            ),
        ],
        "languages": ["en", "ur"],
        "wait_weeks": 8,
        "status": "active",
        "email": "birth.trauma@brackendale-perinatal.example.org",
        "url": "https://brackendale-perinatal.example.org/birth-trauma",
        "phone": "01632 960133",
    },
    {
        "key": "csc-front-door",
        "organisation": SOCIAL_CARE,
        "name": "Children's social care front door",
        "summary": (
            "The one place to report a worry that a child, or an unborn baby, is at risk of harm."
        ),
        "description": (
            "Social workers at the front door take safeguarding concerns from professionals and "
            "the public, 24 hours a day. They decide the right response, from advice or early "
            "help through to a child protection enquiry. Professionals can ring to talk a worry "
            "through before making a referral."
        ),
        "remit": (
            "Concerns about the safety or welfare of any child or unborn baby living in the "
            "district, from anyone."
        ),
        "boundaries": (
            "If a child is in immediate danger, call 999 first. Not a source of general advice "
            "about parenting or health. Concerns about children living outside the district go "
            "to the council where the child lives."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 216,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["domestic_abuse", "substance_use", "parent_mental_health"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960140",
                email="front.door@brackendale-csc.example.org",
                instructions=(
                    "Ring first if you are worried today; follow up with the multi-agency "
                    "referral form within 48 hours."
                ),
            ),
            _access(
                "self_referral",
                phone="01632 960140",
                instructions="Members of the public can ring at any time, day or night.",
            ),
            _access(
                "consultation",
                phone="01632 960141",
                instructions="Professionals' consultation line, weekdays 9am to 5pm.",
            ),
        ],
        "delivery": ["telephone"],
        "locations": [],
        "languages": ["en"],
        "wait_weeks": 0,
        "status": "active",
        "email": "front.door@brackendale-csc.example.org",
        "url": "https://brackendale-csc.example.org/front-door",
        "phone": "01632 960140",
    },
    {
        "key": "early-help",
        "organisation": SOCIAL_CARE,
        "name": "Early help family support",
        "summary": (
            "A key worker for families facing several difficulties at once, before problems "
            "become a safeguarding concern."
        ),
        "description": (
            "A family key worker agrees a plan with the whole family and brings in other "
            "services as needed. Support can cover parenting, routines, money, housing, school "
            "attendance and relationships. It usually lasts 3 to 6 months."
        ),
        "remit": (
            "Families in the district, from pregnancy until a child is 18, who have more than "
            "one need that a single universal service cannot meet, and who do not need a social "
            "worker."
        ),
        "boundaries": (
            "Early help is voluntary: the family must agree. It does not investigate "
            "safeguarding concerns — those go to the front door. Needs an early help assessment "
            "or a request through the front door."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 216,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "domestic_abuse", "housing", "money", "substance_use"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960142",
                email="early.help@brackendale-csc.example.org",
                instructions="Send the early help assessment with the family's consent.",
            ),
            _access(
                "self_referral",
                phone="01632 960142",
                instructions="Families can ask for help themselves by phone.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "pa", "pl"],
        "wait_weeks": 3,
        "status": "active",
        "email": "early.help@brackendale-csc.example.org",
        "url": "https://brackendale-csc.example.org/early-help",
        "phone": "01632 960142",
    },
    {
        "key": "family-hub-central",
        "organisation": FAMILY_HUBS,
        "name": "Central Brackendale family hub",
        "summary": (
            "A family hub in the city centre with groups, clinics and advice for families "
            "from pregnancy onwards."
        ),
        "description": (
            "The hub runs stay-and-play sessions, parenting courses and baby groups, and hosts "
            "health visitor clinics, midwife appointments and money advice drop-ins. Staff help "
            "families find the right service. It took over the sessions of Westfield Children's "
            "Centre in April 2023."
        ),
        "remit": (
            "Families with children from pregnancy to 19 (25 with special educational needs) "
            "living in the district, with most groups aimed at families with children under 5."
        ),
        "boundaries": (
            "Does not offer childcare or a crèche. Staff help families find specialist help but "
            "do not provide therapy, mental health treatment or housing. Some groups must be "
            "booked."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 228,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding", "money"],
        "access": [
            _access(
                "drop_in",
                phone="01632 960150",
                instructions="Open weekdays 9am to 4.30pm; see the timetable for drop-in groups.",
            ),
            _access(
                "practitioner_referral",
                phone="01632 960150",
                email="central.hub@brackendale-family-hubs.example.org",
                instructions="Refer families to courses with the family hub request form.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Central Brackendale family hub",
                "Central Brackendale Family Hub, 5 Chapel Croft, Brackendale",
                "BD1 3QA",
                53.7946,
                -1.7531,
            ),
        ],
        "languages": ["en", "ur", "pa", "bn", "pl", "ro"],
        "wait_weeks": None,
        "status": "active",
        "email": "central.hub@brackendale-family-hubs.example.org",
        "url": "https://brackendale-family-hubs.example.org/central",
        "phone": "01632 960150",
    },
    {
        "key": "family-hub-eastbrook",
        "organisation": FAMILY_HUBS,
        "name": "Eastbrook family hub",
        "summary": "A new family hub in the east of the district, opened in autumn 2023.",
        "description": (
            "The hub offers baby groups, stay-and-play, health visitor clinics and parenting "
            "courses, with a welcome desk to help families find other services. It opened in "
            "September 2023 in the former Eastbrook library building."
        ),
        "remit": (
            "Families with children from pregnancy to 19 (25 with special educational needs) "
            "living in the district, with most groups aimed at families with children under 5."
        ),
        "boundaries": (
            "Does not offer childcare or a crèche. Staff help families find specialist help but "
            "do not provide therapy, mental health treatment or housing."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 228,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "drop_in",
                phone="01632 960151",
                instructions="Open Monday to Friday, 9am to 4.30pm.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Eastbrook family hub",
                "Eastbrook Family Hub, 88 Ferncliffe Street, Brackendale",
                "BD3 8LT",
                53.8021,
                -1.7189,
            ),
        ],
        "languages": ["en", "ur", "bn", "sk", "cs"],
        "wait_weeks": None,
        "status": "active",
        "email": "eastbrook.hub@brackendale-family-hubs.example.org",
        "url": "https://brackendale-family-hubs.example.org/eastbrook",
        "phone": "01632 960151",
    },
    {
        "key": "family-hub-northcliffe",
        "organisation": FAMILY_HUBS,
        "name": "Northcliffe family hub",
        "summary": "A family hub in the north of the district with groups, clinics and advice.",
        "description": (
            "The hub hosts community midwife and health visitor clinics, a breastfeeding group, "
            "baby groups and parenting courses. Staff help families find the right service."
        ),
        "remit": (
            "Families with children from pregnancy to 19 (25 with special educational needs) "
            "living in the district, with most groups aimed at families with children under 5."
        ),
        "boundaries": (
            "Does not offer childcare or a crèche. Staff help families find specialist help but "
            "do not provide therapy, mental health treatment or housing."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 228,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "drop_in",
                phone="01632 960152",
                instructions="Open Monday to Friday, 9am to 4.30pm.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Northcliffe family hub",
                "Northcliffe Family Hub, 21 Saltaire View, Brackendale",
                "BD18 3LA",
                53.8321,
                -1.7742,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": None,
        "status": "active",
        "email": "northcliffe.hub@brackendale-family-hubs.example.org",
        "url": "https://brackendale-family-hubs.example.org/northcliffe",
        "phone": "01632 960152",
    },
    {
        "key": "westfield-childrens-centre",
        "organisation": FAMILY_HUBS,
        "name": "Westfield Children's Centre",
        "summary": "A children's centre that closed in March 2023; its groups moved to a hub.",
        "description": (
            "Westfield Children's Centre ran stay-and-play sessions, baby clinics and parenting "
            "groups for families with children under 5. It closed on 31 March 2023 and its "
            "sessions moved to Central Brackendale family hub."
        ),
        "remit": (
            "Families with children under 5 living in the west of the district: stay-and-play, "
            "baby clinics and parenting groups."
        ),
        "boundaries": (
            "Closed on 31 March 2023 and no longer takes bookings or referrals: use Central "
            "Brackendale family hub instead."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "drop_in",
                instructions="No longer open. Go to Central Brackendale family hub.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Westfield Children's Centre (closed)",
                "Westfield Children's Centre, 3 Orchard Lane, Brackendale",
                "BD7 2NE",
                53.7869,
                -1.7935,
            ),
        ],
        "languages": ["en", "ur"],
        "wait_weeks": None,
        "status": "decommissioned",
        "email": "central.hub@brackendale-family-hubs.example.org",
        "url": "https://brackendale-family-hubs.example.org/westfield",
        "phone": "01632 960150",
    },
    {
        "key": "family-hub-baby-bonding",
        "organisation": FAMILY_HUBS,
        "name": "Baby bonding and massage course (family hubs)",
        "summary": (
            "A five-week course of baby massage, songs and play for parents and babies aged "
            "6 weeks to 12 months."
        ),
        "description": (
            "Family hub staff run five weekly sessions of baby massage, songs and talk about how "
            "babies communicate. The course runs in every family hub each term. Parents meet "
            "others with babies of the same age."
        ),
        "remit": (
            "Parents and carers in the district with a baby aged 6 weeks to 12 months who want "
            "to get to know their baby and meet other parents."
        ),
        "boundaries": (
            "Not for babies under 6 weeks or over 12 months. Not a therapeutic service: families "
            "with bigger worries about bonding should talk to their health visitor. Places must "
            "be booked."
        ),
        "ring": "core",
        "min_age_months": 1,
        "max_age_months": 12,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "parenting_confidence"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960153",
                url="https://brackendale-family-hubs.example.org/courses/baby-bonding",
                instructions="Book a place online or by phone.",
            ),
            _access(
                "practitioner_referral",
                email="courses@brackendale-family-hubs.example.org",
                instructions="Health visitors can book a place for a family.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Central Brackendale family hub",
                "Central Brackendale Family Hub, 5 Chapel Croft, Brackendale",
                "BD1 3QA",
                53.7946,
                -1.7531,
            ),
            _place(
                "Northcliffe family hub",
                "Northcliffe Family Hub, 21 Saltaire View, Brackendale",
                "BD18 3LA",
                53.8321,
                -1.7742,
            ),
        ],
        "languages": ["en", "ur"],
        "wait_weeks": 4,
        "status": "active",
        "email": "courses@brackendale-family-hubs.example.org",
        "url": "https://brackendale-family-hubs.example.org/courses/baby-bonding",
        "phone": "01632 960153",
    },
    {
        "key": "baby-bonds",
        "organisation": KINDRED_STEPS,
        "name": "Baby Bonds",
        "summary": (
            "Home visits and a group for parents who are finding it hard to bond with their baby, "
            "from pregnancy until the baby is 2."
        ),
        "description": (
            "Commissioned by the council in 2023, Baby Bonds offers up to 10 home visits from a "
            "parent–infant practitioner followed by a 10-week group. It works with parents who "
            "feel distant from their baby, including after a difficult birth or with low mood."
        ),
        "remit": (
            "Parents in the district who are finding it hard to bond with their baby, from "
            "pregnancy until the baby's second birthday, including parents with low mood, a "
            "difficult birth or a baby who is hard to settle."
        ),
        "boundaries": (
            "Does not work with families who have an open child protection or child in need "
            "plan. Not an emergency service. Does not take children aged 2 or over."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960160",
                email="babybonds@kindred-steps.example.org",
                instructions="Complete the Baby Bonds referral form.",
            ),
            _access(
                "self_referral",
                phone="01632 960160",
                url="https://kindred-steps.example.org/baby-bonds",
                instructions="Parents can refer themselves online.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Kindred Steps, Canal Wharf",
                "Unit 6, Canal Wharf, Brackendale",
                "BD2 1JH",
                53.8102,
                -1.7473,
            ),
        ],
        "languages": ["en", "ur"],
        "wait_weeks": 2,
        "status": "active",
        "email": "babybonds@kindred-steps.example.org",
        "url": "https://kindred-steps.example.org/baby-bonds",
        "phone": "01632 960160",
    },
    {
        "key": "perinatal-wellbeing",
        "organisation": CHARITY,
        "name": "Perinatal emotional wellbeing support",
        "summary": (
            "Weekly home visits from a family support worker for parents with mild to moderate "
            "anxiety or low mood, in pregnancy and the baby's first year."
        ),
        "description": (
            "Trained family support workers visit weekly for up to 6 months. They listen, help "
            "parents understand their feelings and their baby's, and link them to groups in "
            "their area. Funded by the Better Beginnings programme."
        ),
        "remit": (
            "Parents living in the Better Beginnings wards with mild to moderate anxiety or low "
            "mood, from pregnancy until the baby is 12 months old."
        ),
        "boundaries": (
            "Not a clinical service: does not diagnose or treat mental illness. Cannot support "
            "parents at high risk or in crisis — they are referred to the perinatal mental "
            "health team. Only for families living in the Better Beginnings wards."
        ),
        "ring": "core",
        "min_age_months": 0,
        "max_age_months": 12,
        "pregnancy": True,
        "areas": ["better-start-wards"],
        "needs": ["parent_mental_health", "bonding", "parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960104",
                email="perinatal.support@brackendale-family-charity.example.org",
                instructions="Send the referral form; the parent must agree to the referral.",
            ),
            _access(
                "self_referral",
                phone="01632 960104",
                instructions="Parents can ring or text to refer themselves.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "pa", "bn"],
        "wait_weeks": 4,
        "status": "active",
        "email": "perinatal.support@brackendale-family-charity.example.org",
        "url": "https://brackendale-family-charity.example.org/perinatal-support",
        "phone": "01632 960104",
    },
    # ----------------------------------------------------------- universal (grey) ring
    {
        "key": "better-beginnings-link",
        "organisation": BETTER_BEGINNINGS,
        "name": "Better Beginnings family link workers",
        "summary": (
            "Link workers help families in four inner-city wards find and join the Better "
            "Beginnings projects for pregnancy and the early years."
        ),
        "description": (
            "Better Beginnings is a ten-year programme of projects on language, nutrition and "
            "social and emotional development for families with children under 4. Family link "
            "workers visit families, explain what is on offer and help them sign up."
        ),
        "remit": (
            "Families living in the Better Beginnings wards, from pregnancy until the child is 4."
        ),
        "boundaries": (
            "Only for families living in the Better Beginnings wards. Does not provide one-to-one "
            "therapy or health care; it connects families to the projects and services that do."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 48,
        "pregnancy": True,
        "areas": ["better-start-wards"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960170",
                url="https://better-beginnings.example.org/join",
                instructions="Sign up online or ring to ask a link worker to visit.",
            ),
            _access(
                "practitioner_referral",
                email="links@better-beginnings.example.org",
                instructions="E-mail the family's details with their consent.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Better Beginnings, Barkerend Centre",
                "Barkerend Centre, 12 Thornhill Place, Brackendale",
                "BD3 9DF",
                53.7997,
                -1.7315,
            ),
        ],
        "languages": ["en", "ur", "pa", "bn", "sk", "ro"],
        "wait_weeks": 1,
        "status": "active",
        "email": "links@better-beginnings.example.org",
        "url": "https://better-beginnings.example.org",
        "phone": "01632 960170",
    },
    {
        "key": "doula",
        "organisation": BETTER_BEGINNINGS,
        "name": "Better Beginnings volunteer doula service",
        "summary": (
            "Volunteer doulas support women through late pregnancy, birth and the first weeks."
        ),
        "description": (
            "Trained volunteer doulas give emotional and practical support in late pregnancy, "
            "during labour and in the first 6 weeks after birth. The service is paused while new "
            "volunteers are recruited and trained."
        ),
        "remit": (
            "Women in the Better Beginnings wards who would otherwise give birth without a birth "
            "partner, from 28 weeks of pregnancy until 6 weeks after birth."
        ),
        "boundaries": (
            "Paused from October 2023 and not taking new referrals. Doulas are not midwives and "
            "give no clinical care. Only for women in the Better Beginnings wards."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 2,
        "pregnancy": True,
        "areas": ["better-start-wards"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960171",
                email="doulas@better-beginnings.example.org",
                instructions="Not taking referrals while the service is paused.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "ar", "ro"],
        "wait_weeks": None,
        "status": "temporarily_closed",
        "email": "doulas@better-beginnings.example.org",
        "url": "https://better-beginnings.example.org/doulas",
        "phone": "01632 960171",
    },
    {
        "key": "chatter-steps",
        "organisation": BETTER_BEGINNINGS,
        "name": "Chatter Steps early language programme",
        "summary": (
            "Home visits and small groups that help parents build their toddler's talking "
            "through play."
        ),
        "description": (
            "Early language practitioners show parents simple ways to build talking into play, "
            "meals and bath time. Families get up to 8 home visits or a 6-week group. The "
            "programme grew from the Better Beginnings wards to the whole district in 2023."
        ),
        "remit": (
            "Families in the district with a child aged 18 months to 4 years whose talking is "
            "a little behind, or whose parents want help to support it."
        ),
        "boundaries": (
            "Not a speech and language therapy service: children with a suspected speech or "
            "language disorder are referred to speech and language therapy. Not for children "
            "under 18 months."
        ),
        "ring": "universal",
        "min_age_months": 18,
        "max_age_months": 48,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960172",
                email="chatter.steps@better-beginnings.example.org",
                instructions="Health visitors refer after the 2-year review.",
            ),
            _access(
                "self_referral",
                phone="01632 960172",
                instructions="Parents can ring to ask for a place.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Better Beginnings, Barkerend Centre",
                "Barkerend Centre, 12 Thornhill Place, Brackendale",
                "BD3 9DF",
                53.7997,
                -1.7315,
            ),
        ],
        "languages": ["en", "ur", "pa", "bn"],
        "wait_weeks": 5,
        "status": "active",
        "email": "chatter.steps@better-beginnings.example.org",
        "url": "https://better-beginnings.example.org/chatter-steps",
        "phone": "01632 960172",
    },
    {
        "key": "gp-moorside",
        "organisation": MOORSIDE,
        "name": "Moorside Medical Practice",
        "summary": "A GP practice for registered patients of all ages.",
        "description": (
            "GPs, practice nurses and a health care assistant offer appointments, 6 to 8 week "
            "baby checks, childhood immunisations and postnatal checks. The practice hosts a "
            "weekly community midwife clinic."
        ),
        "remit": (
            "General medical care for registered patients living in the practice area, "
            "including pregnancy care with the midwives, baby checks, immunisations and "
            "referrals for mental health support."
        ),
        "boundaries": (
            "Only sees patients registered with the practice who live in its practice area. "
            "Closed evenings and weekends: use NHS 111, or 999 in an emergency."
        ),
        "ring": "universal",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["moorside-catchment"],
        "needs": ["parent_mental_health", "baby_regulation"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960180",
                url="https://moorside-medical.example.org/register",
                instructions="Register online; book appointments online or by phone from 8am.",
            ),
        ],
        "delivery": ["in_person", "online", "telephone"],
        "locations": [
            _place(
                "Moorside Medical Practice",
                "Moorside Medical Practice, 27 Heather Bank, Brackendale",
                "BD9 5QR",
                53.8153,
                -1.7962,
            ),
        ],
        "languages": ["en", "ur", "pa"],
        "wait_weeks": 1,
        "status": "active",
        "email": "reception@moorside-medical.example.org",
        "url": "https://moorside-medical.example.org",
        "phone": "01632 960180",
    },
    {
        "key": "gp-kestrel-row",
        "organisation": KESTREL_ROW,
        "name": "Kestrel Row Surgery",
        "summary": "A GP practice for registered patients of all ages.",
        "description": (
            "GPs, nurses and a social prescriber offer appointments, baby checks, immunisations "
            "and postnatal checks. A link worker helps patients with money and housing worries."
        ),
        "remit": (
            "General medical care for registered patients living in the practice area, "
            "including baby checks, immunisations, postnatal checks and referrals."
        ),
        "boundaries": (
            "Only sees patients registered with the practice who live in its practice area. "
            "Closed evenings and weekends: use NHS 111, or 999 in an emergency."
        ),
        "ring": "universal",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["kestrel-row-catchment"],
        "needs": ["parent_mental_health", "baby_regulation"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960181",
                url="https://kestrel-row.example.org/register",
                instructions="Register at reception or online.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Kestrel Row Surgery",
                "Kestrel Row Surgery, 1 Kestrel Row, Brackendale",
                "BD4 7SW",
                53.7831,
                -1.7284,
            ),
        ],
        "languages": ["en", "ur", "pa", "pl", "sk"],
        "wait_weeks": 1,
        "status": "active",
        "email": "reception@kestrel-row.example.org",
        "url": "https://kestrel-row.example.org",
        "phone": "01632 960181",
    },
    {
        "key": "little-acorns",
        "organisation": LITTLE_ACORNS,
        "name": "Little Acorns Day Nursery",
        "summary": "A day nursery for babies from 3 months until they start school.",
        "description": (
            "Open 7.30am to 6pm all year, with a baby room, toddler room and pre-school room. "
            "Each child has a key person. Funded places are available for eligible 2-year-olds "
            "and all 3 and 4-year-olds."
        ),
        "remit": (
            "Childcare and early education for children from 3 months until they start school, "
            "with a key person who gets to know each child and family."
        ),
        "boundaries": (
            "Fees apply unless the child has a funded place. Not a drop-in: places must be "
            "booked. Staff do not provide therapy or specialist assessment; they work with the "
            "family's health visitor and the area special needs co-ordinator."
        ),
        "ring": "universal",
        "min_age_months": 3,
        "max_age_months": 60,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960185",
                email="hello@little-acorns.example.org",
                instructions="Ring to arrange a visit and join the waiting list.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Little Acorns Day Nursery",
                "Little Acorns Day Nursery, 60 Oakfield Grove, Brackendale",
                "BD8 7RL",
                53.8034,
                -1.7821,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 12,
        "status": "active",
        "email": "hello@little-acorns.example.org",
        "url": "https://little-acorns.example.org",
        "phone": "01632 960185",
    },
    {
        "key": "funded-two-year-olds",
        "organisation": COUNCIL,
        "name": "Free early education for 2-year-olds",
        "summary": (
            "Up to 15 hours a week of free early education for eligible 2-year-olds, in a "
            "nursery or with a childminder."
        ),
        "description": (
            "The council funds up to 15 hours a week, 38 weeks a year, at a nursery, pre-school "
            "or childminder that takes part. Families apply online and the council checks "
            "eligibility."
        ),
        "remit": (
            "2-year-olds in the district from families on certain benefits or a low income, "
            "children who are looked after or have left care, and children with an education, "
            "health and care plan or disability living allowance."
        ),
        "boundaries": (
            "Starts the term after the child's second birthday: not for babies under 2. "
            "Families must meet the criteria; the council, not the nursery, decides."
        ),
        "ring": "universal",
        "min_age_months": 24,
        "max_age_months": 36,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["money", "parenting_confidence"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960190",
                url="https://brackendale-council.example.org/free-childcare-2",
                instructions="Apply online; you will need your National Insurance number.",
            ),
        ],
        "delivery": ["in_person", "online"],
        "locations": [],
        "languages": ["en", "ur", "pl", "ro"],
        "wait_weeks": 2,
        "status": "active",
        "email": "early.education@brackendale-council.example.org",
        "url": "https://brackendale-council.example.org/free-childcare-2",
        "phone": "01632 960190",
    },
    {
        "key": "slt-under-fives",
        "organisation": TRUST,
        "name": "Children's speech and language therapy (under 5s)",
        "summary": (
            "Assessment and therapy for young children with speech, language or swallowing "
            "difficulties."
        ),
        "description": (
            "Speech and language therapists assess children in clinic, at nursery or at home and "
            "show parents and nursery staff how to help. Babies with eating, drinking or "
            "swallowing difficulties are seen from birth."
        ),
        "remit": (
            "Children under 5 living in the district with speech, language or communication "
            "difficulties, or with eating, drinking or swallowing difficulties."
        ),
        "boundaries": (
            "Does not assess talking before 18 months unless there are swallowing difficulties. "
            "Does not give general feeding advice (see the infant feeding team). Children aged 5 "
            "and over are seen by the school-age team."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960191",
                email="slt.referrals@brackendale-dct.example.org",
                instructions="Health visitors, GPs and nurseries use the referral form.",
            ),
            _access(
                "self_referral",
                phone="01632 960191",
                instructions="Parents of children aged 18 months or over can ring the advice line.",
            ),
        ],
        "delivery": ["in_person", "online"],
        "locations": [
            _place(
                "Speech and language therapy, Ashgrove Centre",
                "Ashgrove Centre, 9 Ashgrove Walk, Brackendale",
                "BD7 3AB",
                53.7838,
                -1.7846,
            ),
        ],
        "languages": ["en", "ur", "pa"],
        "wait_weeks": 18,
        "status": "active",
        "email": "slt@brackendale-dct.example.org",
        "url": "https://brackendale-dct.example.org/speech-and-language",
        "phone": "01632 960191",
    },
    {
        "key": "libraries-bookstart",
        "organisation": COUNCIL,
        "name": "Bookstart and rhyme time at Brackendale libraries",
        "summary": (
            "Free books for babies and toddlers, and weekly rhyme time sessions in every library."
        ),
        "description": (
            "Every baby gets a free Bookstart pack and can join the library from birth. Each "
            "library runs a free weekly rhyme time with songs, rhymes and stories for children "
            "under 5 and their grown-ups."
        ),
        "remit": (
            "Children under 5 and their parents and carers anywhere in the district: book packs, "
            "rhyme times, story sessions and free library membership."
        ),
        "boundaries": (
            "Rhyme times are drop-in and can fill up. No one-to-one support or advice. Children "
            "must be with an adult at every session."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "parenting_confidence"],
        "access": [
            _access(
                "drop_in",
                url="https://brackendale-council.example.org/libraries/rhyme-time",
                instructions="Check the timetable and arrive 10 minutes early.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Brackendale Central Library",
                "Central Library, 1 Exchange Square, Brackendale",
                "BD1 1NN",
                53.7936,
                -1.7497,
            ),
            _place(
                "Northcliffe Library",
                "Northcliffe Library, 4 Moorhead Lane, Brackendale",
                "BD18 4JH",
                53.8297,
                -1.7811,
            ),
        ],
        "languages": ["en", "ur", "pa", "pl"],
        "wait_weeks": None,
        "status": "active",
        "email": "libraries@brackendale-council.example.org",
        "url": "https://brackendale-council.example.org/libraries",
        "phone": "01632 960192",
    },
    {
        "key": "dads-group",
        "organisation": DADS,
        "name": "Dads and babies group",
        "summary": (
            "A weekly Saturday morning group for dads and male carers with babies and toddlers "
            "under 2."
        ),
        "description": (
            "Dads bring their babies for play, a brew and a chat with other dads. Sometimes a "
            "health visitor or a Little Minds Matter worker comes along to talk about sleep, "
            "play or how babies feel."
        ),
        "remit": (
            "Fathers, step-dads, grandads and male carers in the district with a baby or toddler "
            "under 2, including dads-to-be."
        ),
        "boundaries": (
            "Not a counselling or advice service. Dads worried about their own mental health are "
            "encouraged to see their GP or Talking Therapies. Children aged 2 and over move on to "
            "the family hub's stay-and-play."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "parenting_confidence"],
        "access": [
            _access(
                "drop_in",
                phone="07700 900101",
                instructions="Saturdays 10am to 12 noon; just turn up.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Eastbrook family hub",
                "Eastbrook Family Hub, 88 Ferncliffe Street, Brackendale",
                "BD3 8LT",
                53.8021,
                -1.7189,
            ),
        ],
        "languages": ["en", "ur"],
        "wait_weeks": None,
        "status": "active",
        "email": "dads@dads-and-babies.example.org",
        "url": "https://dads-and-babies.example.org",
        "phone": "07700 900101",
    },
    {
        "key": "gentle-hands-massage",
        "organisation": GENTLE_HANDS,
        "name": "Gentle Hands baby massage group",
        "summary": (
            "A weekly volunteer-led baby massage drop-in for babies aged 6 weeks to 12 months."
        ),
        "description": (
            "Volunteers trained in baby massage show parents simple strokes to soothe their baby "
            "and help them feel close. Sessions are relaxed and free, with oils provided."
        ),
        "remit": (
            "Parents and carers in the district with a baby aged 6 weeks to 12 months who want to "
            "learn baby massage and meet other parents."
        ),
        "boundaries": (
            "Not for babies under 6 weeks or over 12 months, or babies with skin conditions "
            "without advice from a health visitor. Volunteers are not health professionals and "
            "do not give health advice."
        ),
        "ring": "universal",
        "min_age_months": 1,
        "max_age_months": 12,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["bonding", "baby_regulation"],
        "access": [
            _access(
                "drop_in",
                phone="07700 900102",
                instructions="Wednesdays 1.30pm to 3pm; bring a towel.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "St Aidan's Community Centre",
                "St Aidan's Community Centre, 7 Lowfield Road, Brackendale",
                "BD5 7PA",
                53.7768,
                -1.7553,
            ),
        ],
        "languages": ["en", "pl"],
        "wait_weeks": None,
        "status": "active",
        "email": "hello@gentle-hands.example.org",
        "url": "https://gentle-hands.example.org",
        "phone": "07700 900102",
    },
    {
        "key": "feeding-friends",
        "organisation": FEEDING_FRIENDS,
        "name": "Breastfeeding peer support",
        "summary": (
            "Trained volunteer mums support breastfeeding in groups, on the postnatal ward and "
            "by text."
        ),
        "description": (
            "Peer supporters are mums who have breastfed and have been trained to help others. "
            "They visit the postnatal ward, run weekly groups in family hubs and answer texts "
            "7 days a week."
        ),
        "remit": (
            "Anyone in the district who is breastfeeding or mixed feeding, or planning to, from "
            "pregnancy until their baby's second birthday."
        ),
        "boundaries": (
            "Volunteers are not health professionals: they do not assess feeding problems, weigh "
            "babies or give medical advice, and refer to the infant feeding team when needed. "
            "Not for formula feeding advice."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["baby_regulation", "parenting_confidence"],
        "access": [
            _access(
                "drop_in",
                instructions="Weekly groups at Northcliffe and Central family hubs.",
            ),
            _access(
                "self_referral",
                phone="07700 900103",
                instructions="Text for support, 7 days a week, 8am to 8pm.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Northcliffe family hub",
                "Northcliffe Family Hub, 21 Saltaire View, Brackendale",
                "BD18 3LA",
                53.8321,
                -1.7742,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": None,
        "status": "active",
        "email": "hello@feeding-friends.example.org",
        "url": "https://feeding-friends.example.org",
        "phone": "07700 900103",
    },
    {
        "key": "new-roots-mothers",
        "organisation": WELCOME_BRIDGE,
        "name": "New Roots refugee mothers' group",
        "summary": (
            "A weekly group for mothers who are refugees or seeking asylum, with a crèche and "
            "interpreters."
        ),
        "description": (
            "Mothers meet for food, English practice and friendship while their children play in "
            "the crèche. Health visitors and midwives visit once a month to answer questions."
        ),
        "remit": (
            "Mothers in the district who are refugees or seeking asylum and are pregnant or have "
            "children under 5."
        ),
        "boundaries": (
            "For mothers only. Not an advice service on immigration or asylum claims (see "
            "refugee and asylum family support). Does not offer one-to-one counselling."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["refugee_asylum", "parenting_confidence", "trauma_loss"],
        "access": [
            _access(
                "drop_in",
                phone="07700 900104",
                instructions="Thursdays 10am to 12.30pm; the crèche is free.",
            ),
            _access(
                "practitioner_referral",
                email="newroots@welcome-bridge.example.org",
                instructions="Professionals can introduce a mother by e-mail.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [
            _place(
                "Welcome Bridge centre",
                "Welcome Bridge Centre, 15 Mill Hey Street, Brackendale",
                "BD1 4RT",
                53.7959,
                -1.7462,
            ),
        ],
        "languages": ["en", "ar", "fa", "ku", "ps", "ti", "so"],
        "wait_weeks": None,
        "status": "active",
        "email": "newroots@welcome-bridge.example.org",
        "url": "https://welcome-bridge.example.org/new-roots",
        "phone": "07700 900104",
    },
    {
        "key": "open-door-volunteers",
        "organisation": OPEN_DOOR,
        "name": "Volunteer home visiting for families with young children",
        "summary": (
            "A trained volunteer parent visits each week to offer friendship and practical help "
            "to families with a child under 5."
        ),
        "description": (
            "Volunteers are parents themselves and visit for about 2 hours a week for 6 to 12 "
            "months. They help with getting out of the house, routines and confidence, and "
            "with joining local groups."
        ),
        "remit": (
            "Families in the district, from pregnancy until the youngest child is 5, who are "
            "finding things hard — for example because of isolation, low mood, twins or illness."
        ),
        "boundaries": (
            "Volunteers do not give professional advice, childcare or cleaning. Cannot take "
            "families where there is a current, unmanaged risk to a child or volunteer. There is "
            "usually a waiting list."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parenting_confidence", "bonding", "parent_mental_health"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960200",
                email="referrals@open-door-volunteers.example.org",
                instructions="Send the referral form with the family's consent.",
            ),
            _access(
                "self_referral",
                phone="01632 960200",
                instructions="Families can ring to ask for a volunteer.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 8,
        "status": "active",
        "email": "hello@open-door-volunteers.example.org",
        "url": "https://open-door-volunteers.example.org",
        "phone": "01632 960200",
    },
    {
        "key": "talking-therapies",
        "organisation": TRUST,
        "name": "Brackendale Talking Therapies",
        "summary": (
            "NHS talking therapies for adults with anxiety and depression, with quicker access "
            "in pregnancy and after birth."
        ),
        "description": (
            "Therapists offer guided self-help, cognitive behavioural therapy, counselling and "
            "groups, in person, by phone or online. Pregnant women and parents of babies under 2 "
            "are prioritised and can join a perinatal group with their baby."
        ),
        "remit": (
            "Adults aged 16 and over registered with a GP in the district who have common mental "
            "health problems such as anxiety, depression, panic or obsessive-compulsive disorder."
        ),
        "boundaries": (
            "Does not treat severe or complex mental illness or people at immediate risk: they "
            "are seen by the community mental health team or the perinatal mental health team. "
            "Not a crisis service. Does not work with children."
        ),
        "ring": "universal",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960210",
                url="https://brackendale-dct.example.org/talking-therapies/refer",
                instructions="Refer yourself online or by phone; you do not need to see a GP.",
            ),
            _access(
                "practitioner_referral",
                email="talking.therapies@brackendale-dct.example.org",
                instructions="GPs and other professionals can refer with the person's consent.",
            ),
        ],
        "delivery": ["in_person", "online", "telephone"],
        "locations": [
            _place(
                "Talking Therapies, Ashgrove Centre",
                "Ashgrove Centre, 9 Ashgrove Walk, Brackendale",
                "BD7 3AB",
                53.7838,
                -1.7846,
            ),
        ],
        "languages": ["en", "ur", "pa", "pl"],
        "wait_weeks": 6,
        "status": "active",
        "email": "talking.therapies@brackendale-dct.example.org",
        "url": "https://brackendale-dct.example.org/talking-therapies",
        "phone": "01632 960210",
    },
    {
        "key": "baby-loss-support",
        "organisation": BABY_LOSS,
        "name": "Baby loss support groups",
        "summary": (
            "Peer support groups and a phone line for parents who have lost a baby at any stage."
        ),
        "description": (
            "Bereaved parents who have been trained as volunteers run monthly groups and a phone "
            "line, and help families with memory-making. Parents are welcome however long ago "
            "their loss was."
        ),
        "remit": (
            "Parents and families in the district who have lost a baby through miscarriage, "
            "ectopic pregnancy, termination for medical reasons, stillbirth or neonatal death."
        ),
        "boundaries": (
            "Not a counselling or mental health service: parents who are struggling are "
            "encouraged to see their GP or the birth trauma and loss service. The phone line is "
            "run by volunteers and is not staffed at all times."
        ),
        "ring": "universal",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["trauma_loss", "parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="07700 900105",
                email="support@baby-loss-network.example.org",
                instructions="Ring or e-mail; a volunteer will get back to you within 2 days.",
            ),
            _access(
                "drop_in",
                instructions="Groups meet on the first Tuesday of each month, 7pm.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Northcliffe family hub",
                "Northcliffe Family Hub, 21 Saltaire View, Brackendale",
                "BD18 3LA",
                53.8321,
                -1.7742,
            ),
        ],
        "languages": ["en"],
        "wait_weeks": None,
        "status": "active",
        "email": "support@baby-loss-network.example.org",
        "url": "https://baby-loss-network.example.org",
        "phone": "07700 900105",
    },
    {
        "key": "night-helpline",
        "organisation": SMALL_HOURS,
        "name": "Small Hours parent helpline",
        "summary": (
            "A free night-time phone and webchat line for parents of babies under 2, anywhere in "
            "the UK."
        ),
        "description": (
            "Trained listeners answer calls and webchats from 7pm to 7am, every night of the "
            "year. They help parents through a hard night with a crying baby, feeding or sleep, "
            "or their own feelings, and tell them where to get help in the morning."
        ),
        "remit": (
            "Parents and carers of babies under 2 anywhere in the UK who are worried or "
            "struggling at night."
        ),
        "boundaries": (
            "Not an emergency service: call 999 if a baby is unwell or at risk, or NHS 111 for "
            "medical advice. Cannot diagnose, visit or follow families up."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": False,
        "areas": [],
        "needs": ["baby_regulation", "parenting_confidence", "parent_mental_health"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960999",
                url="https://small-hours.example.org/chat",
                instructions="Ring or start a webchat, 7pm to 7am.",
            ),
        ],
        "delivery": ["telephone", "online"],
        "locations": [],
        "languages": ["en", "cy", "pl"],
        "wait_weeks": 0,
        "status": "active",
        "email": "info@small-hours.example.org",
        "url": "https://small-hours.example.org",
        "phone": "01632 960999",
    },
    {
        "key": "leeds-northgate",
        "organisation": NORTHGATE,
        "name": "Northgate perinatal peer support (north Leeds)",
        "summary": (
            "Online groups and phone befriending for parents in north and central Leeds, in "
            "pregnancy and the baby's first year."
        ),
        "description": (
            "Volunteer parents run online baby groups and phone befriending for parents who feel "
            "isolated or low. The network is in Leeds and borders the Brackendale district."
        ),
        "remit": (
            "Parents living in Leeds postcodes LS1 to LS17, from pregnancy until the baby is 12 "
            "months old."
        ),
        "boundaries": (
            "Only for families living in Leeds (LS1 to LS17): families in Brackendale, including "
            "LS29, should use their local family hub. Not a mental health service."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 12,
        "pregnancy": True,
        "areas": ["leeds"],
        "needs": ["parent_mental_health", "parenting_confidence"],
        "access": [
            _access(
                "self_referral",
                phone="07700 900106",
                url="https://northgate-families.example.org/join",
                instructions="Join online or text to ask for a befriender.",
            ),
        ],
        "delivery": ["online", "telephone"],
        "locations": [],
        "languages": ["en"],
        "wait_weeks": 2,
        "status": "active",
        "email": "hello@northgate-families.example.org",
        "url": "https://northgate-families.example.org",
        "phone": "07700 900106",
    },
    {
        "key": "craven-family-support",
        "organisation": CRAVEN_DALES,
        "name": "Craven Dales family support",
        "summary": (
            "Home visits and phone support for families with young children in Craven, north of "
            "the district."
        ),
        "description": (
            "Family support workers visit families across the Craven dales, where groups and "
            "clinics can be far away. They help with routines, confidence and getting to "
            "services."
        ),
        "remit": (
            "Families living in Craven (BD23 and BD24), from pregnancy until the youngest child "
            "is 5."
        ),
        "boundaries": (
            "Only for families living in BD23 and BD24: families in the Brackendale district "
            "should use their local family hub. Not a crisis or safeguarding service."
        ),
        "ring": "universal",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["craven"],
        "needs": ["parenting_confidence", "bonding"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960220",
                instructions="Ring on weekdays to ask for a visit.",
            ),
            _access(
                "practitioner_referral",
                email="referrals@craven-dales.example.org",
                instructions="E-mail the family's details with their consent.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "pl"],
        "wait_weeks": 3,
        "status": "active",
        "email": "hello@craven-dales.example.org",
        "url": "https://craven-dales.example.org",
        "phone": "01632 960220",
    },
    # -------------------------------------------------------- risk factors (orange) ring
    {
        "key": "adult-cmht",
        "organisation": TRUST,
        "name": "Adult community mental health team",
        "summary": (
            "Care and treatment in the community for adults with severe and long-lasting mental "
            "illness."
        ),
        "description": (
            "Psychiatrists, nurses, psychologists, social workers and occupational therapists "
            "assess adults and co-ordinate their care. Each person has a care co-ordinator and "
            "a care plan."
        ),
        "remit": (
            "Adults aged 18 to 65 living in the district with severe and enduring mental illness, "
            "such as psychosis, bipolar disorder or severe depression."
        ),
        "boundaries": (
            "Does not see people with mild to moderate anxiety or depression (see Talking "
            "Therapies). Pregnant women and parents of babies under 2 with severe illness are "
            "usually seen by the perinatal team instead. No self-referral: referral through a GP "
            "or another mental health service."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["parent_mental_health"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960230",
                email="cmht.referrals@brackendale-dct.example.org",
                instructions="GP or mental health service referral only.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Adult community mental health team, Fairweather House",
                "Fairweather House, 30 Manor Row, Brackendale",
                "BD1 4PB",
                53.7978,
                -1.7524,
            ),
        ],
        "languages": ["en", "ur", "pa"],
        "wait_weeks": 4,
        "status": "active",
        "email": "cmht@brackendale-dct.example.org",
        "url": "https://brackendale-dct.example.org/adult-mental-health",
        "phone": "01632 960230",
    },
    {
        "key": "recovery-adult",
        "organisation": RECOVERY,
        "name": "Adult drug and alcohol recovery service",
        "summary": (
            "Free, confidential help for adults who want to change their drug or alcohol use."
        ),
        "description": (
            "Key workers, nurses and doctors offer assessment, prescribing, supported "
            "detoxification, one-to-one work and recovery groups. Pregnant women and parents of "
            "young children are seen first."
        ),
        "remit": (
            "Adults aged 18 and over living in the district who want help with their drug or "
            "alcohol use, and their families."
        ),
        "boundaries": (
            "Does not work with young people under 18. Does not provide emergency detoxification: "
            "medical emergencies go to A&E. Does not carry out parenting assessments."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["substance_use"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960240",
                instructions="Ring or walk in; no referral needed.",
            ),
            _access(
                "drop_in",
                instructions="Drop-in assessments weekdays 10am to 2pm.",
            ),
            _access(
                "practitioner_referral",
                email="referrals@recovery-collective.example.org",
                instructions="Send the referral form with the person's consent.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Recovery Collective hub",
                "Recovery Collective, 44 Sunbridge Walk, Brackendale",
                "BD1 2AY",
                53.7941,
                -1.7566,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 1,
        "status": "active",
        "email": "hello@recovery-collective.example.org",
        "url": "https://recovery-collective.example.org",
        "phone": "01632 960240",
    },
    {
        "key": "recovery-parents",
        "organisation": RECOVERY,
        "name": "Parents in recovery family workers",
        "summary": (
            "Family workers help parents in drug or alcohol treatment to care for their baby or "
            "young child safely."
        ),
        "description": (
            "Family workers visit parents at home alongside their treatment, to build routines, "
            "safe storage of medicines and confidence with the baby. They work closely with the "
            "specialist midwives and health visitors."
        ),
        "remit": (
            "Parents in the district who are in treatment with the adult drug and alcohol "
            "recovery service and are expecting a baby or have a child under 5."
        ),
        "boundaries": (
            "The parent must be in treatment with the adult recovery service. Not a safeguarding "
            "assessment: worries about harm go to the children's social care front door."
        ),
        "ring": "risk_factors",
        "min_age_months": 0,
        "max_age_months": 60,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["substance_use", "parenting_confidence", "bonding"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960241",
                email="families@recovery-collective.example.org",
                instructions="Ask the parent's key worker to refer.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [],
        "languages": ["en", "ur"],
        "wait_weeks": 2,
        "status": "active",
        "email": "families@recovery-collective.example.org",
        "url": "https://recovery-collective.example.org/families",
        "phone": "01632 960241",
    },
    {
        "key": "safe-spaces-outreach",
        "organisation": SAFE_SPACES,
        "name": "Domestic abuse outreach and advocacy",
        "summary": ("Safety planning, advocacy and support for anyone affected by domestic abuse."),
        "description": (
            "Outreach workers and independent domestic violence advisers help people stay safe, "
            "understand their options and get through court, housing and police processes. "
            "Support is confidential and can be by phone or in a safe place."
        ),
        "remit": (
            "Anyone aged 16 or over living in the district who is experiencing or has "
            "experienced domestic abuse, with independent advisers for those at high risk."
        ),
        "boundaries": (
            "Not an emergency service: if in danger now, call 999. Does not work with people who "
            "harm. Does not provide accommodation (see the refuge)."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["domestic_abuse"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960250",
                instructions="Helpline open 9am to 9pm, every day.",
            ),
            _access(
                "practitioner_referral",
                email="referrals@safe-spaces.example.org",
                instructions=(
                    "Use the referral form; for high risk, complete the risk checklist first."
                ),
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "pa", "pl", "ro"],
        "wait_weeks": 1,
        "status": "active",
        "email": "help@safe-spaces.example.org",
        "url": "https://safe-spaces.example.org",
        "phone": "01632 960250",
    },
    {
        "key": "safe-spaces-refuge",
        "organisation": SAFE_SPACES,
        "name": "Safe Spaces refuge for women and children",
        "summary": (
            "Safe emergency housing with support for women and children escaping domestic abuse."
        ),
        "description": (
            "The refuge has rooms for women and their children, with support workers on site "
            "every day and a children's worker. Its address is kept secret."
        ),
        "remit": (
            "Women, with or without children, who need to leave home because of domestic abuse, "
            "from the district or elsewhere in the UK."
        ),
        "boundaries": (
            "No drop-in: the address is confidential and places are arranged by phone. Does not "
            "accept men (they are helped to find other safe housing) or boys aged 16 and over. "
            "Cannot meet needs for 24-hour care."
        ),
        "ring": "risk_factors",
        "min_age_months": 0,
        "max_age_months": 216,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["domestic_abuse", "housing"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960251",
                instructions="Ring at any time to ask about a place.",
            ),
            _access(
                "practitioner_referral",
                phone="01632 960251",
                instructions="Professionals ring the same number.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [],
        "languages": ["en", "ur"],
        "wait_weeks": 0,
        "status": "active",
        "email": "refuge@safe-spaces.example.org",
        "url": "https://safe-spaces.example.org/refuge",
        "phone": "01632 960251",
    },
    {
        "key": "together-again",
        "organisation": SAFE_SPACES,
        "name": "Together Again mother and baby recovery group",
        "summary": (
            "An eight-week group for mothers and babies under 2 who are now safe from domestic "
            "abuse."
        ),
        "description": (
            "Mothers and babies come together for eight weekly sessions. Mothers learn how abuse "
            "can affect babies and spend time rebuilding closeness and routines. A crèche worker "
            "and a family worker run each group."
        ),
        "remit": (
            "Mothers in the district with a baby under 2 who have left an abusive relationship "
            "and are now safe."
        ),
        "boundaries": (
            "Not for families still living with the person who harmed them, or in crisis: they "
            "need the outreach service first. Babies must be under 2 when the group starts."
        ),
        "ring": "risk_factors",
        "min_age_months": 0,
        "max_age_months": 24,
        "pregnancy": False,
        "areas": ["brackendale-district"],
        "needs": ["domestic_abuse", "bonding", "trauma_loss"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960252",
                email="together.again@safe-spaces.example.org",
                instructions="Outreach workers, health visitors and social workers refer.",
            ),
            _access(
                "self_referral",
                phone="01632 960252",
                instructions="Mothers can ring to ask about the next group.",
            ),
        ],
        "delivery": ["in_person"],
        "locations": [],
        "languages": ["en", "ur"],
        "wait_weeks": 6,
        "status": "active",
        "email": "together.again@safe-spaces.example.org",
        "url": "https://safe-spaces.example.org/together-again",
        "phone": "01632 960252",
    },
    {
        "key": "housing-options",
        "organisation": HOUSING,
        "name": "Housing options and homelessness service",
        "summary": ("Help for anyone who is homeless or at risk of losing their home."),
        "description": (
            "Housing officers work to stop people losing their home, help them join the housing "
            "register, and arrange emergency temporary accommodation for families who are "
            "homeless. An out-of-hours line covers nights and weekends."
        ),
        "remit": (
            "Anyone in the district who is homeless or at risk of homelessness within 8 weeks, "
            "with a duty to house families with children or a pregnant household member."
        ),
        "boundaries": (
            "Cannot guarantee social housing or choice of temporary accommodation. Does not give "
            "debt advice (see the money advice services). People with no recourse to public "
            "funds may get advice only."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["housing"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960260",
                url="https://brackendale-housing.example.org/help",
                instructions="Ring, or fill in the online form; out of hours ring the same number.",
            ),
            _access(
                "practitioner_referral",
                email="duty.to.refer@brackendale-housing.example.org",
                instructions="Public bodies use the duty to refer form.",
            ),
        ],
        "delivery": ["in_person", "telephone", "online"],
        "locations": [
            _place(
                "Housing options, Civic Quarter",
                "Civic Quarter, 2 Norfolk Gate, Brackendale",
                "BD1 1HY",
                53.7925,
                -1.7519,
            ),
        ],
        "languages": ["en", "ur", "pl", "ro"],
        "wait_weeks": 0,
        "status": "active",
        "email": "housing.options@brackendale-housing.example.org",
        "url": "https://brackendale-housing.example.org",
        "phone": "01632 960260",
    },
    {
        "key": "temp-accommodation-support",
        "organisation": HOUSING,
        "name": "Family support in temporary accommodation",
        "summary": (
            "Support workers help families in temporary accommodation get settled and move on."
        ),
        "description": (
            "Support workers visit families placed in temporary accommodation. They help with GP "
            "and health visitor registration, benefits, nursery and school places, and moving to "
            "a settled home."
        ),
        "remit": (
            "Families with children or a pregnant household member placed in temporary "
            "accommodation by the council."
        ),
        "boundaries": (
            "Only for families placed in temporary accommodation by the council. Does not decide "
            "housing applications or offer homes."
        ),
        "ring": "risk_factors",
        "min_age_months": 0,
        "max_age_months": 216,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["housing", "money"],
        "access": [
            _access(
                "practitioner_referral",
                phone="01632 960261",
                email="ta.support@brackendale-housing.example.org",
                instructions="Housing officers refer every family when they are placed.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [],
        "languages": ["en", "ur", "ro", "ar"],
        "wait_weeks": 1,
        "status": "active",
        "email": "ta.support@brackendale-housing.example.org",
        "url": "https://brackendale-housing.example.org/temporary-accommodation",
        "phone": "01632 960261",
    },
    {
        "key": "money-matters-debt",
        "organisation": MONEY_MATTERS,
        "name": "Free debt advice",
        "summary": "Free, confidential debt advice and help with budgeting.",
        "description": (
            "Debt advisers help people work out what they owe, deal with creditors and bailiffs, "
            "and choose a debt solution. Family advisers hold weekly sessions in family hubs."
        ),
        "remit": (
            "Anyone living in the district who is struggling with debt, including rent and "
            "energy arrears, with budgeting help for families on a low income."
        ),
        "boundaries": (
            "Does not lend money or give grants. Does not help with benefit appeals (see welfare "
            "rights and benefits advice). Appointments only; no drop-in."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["money"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960270",
                url="https://money-matters.example.org/appointments",
                instructions="Book an appointment online or by phone.",
            ),
            _access(
                "practitioner_referral",
                email="referrals@money-matters.example.org",
                instructions="Refer with the person's consent.",
            ),
        ],
        "delivery": ["in_person", "telephone", "online"],
        "locations": [
            _place(
                "Money Matters, Central Brackendale family hub",
                "Central Brackendale Family Hub, 5 Chapel Croft, Brackendale",
                "BD1 3QA",
                53.7946,
                -1.7531,
            ),
        ],
        "languages": ["en", "ur", "pl"],
        "wait_weeks": 3,
        "status": "active",
        "email": "advice@money-matters.example.org",
        "url": "https://money-matters.example.org",
        "phone": "01632 960270",
    },
    {
        "key": "welfare-rights",
        "organisation": COUNCIL,
        "name": "Welfare rights and benefits advice",
        "summary": (
            "Benefit checks, help to claim and challenge decisions, and basic budgeting advice."
        ),
        "description": (
            "Welfare rights officers check what people are entitled to, help them claim, and "
            "represent them at appeals. They also give basic debt and budgeting advice, with "
            "priority for families with a new baby."
        ),
        "remit": (
            "Residents of the district who need help with benefits, including benefit checks, "
            "claims, challenges and tribunal appeals, and basic debt and budgeting advice."
        ),
        "boundaries": (
            "Does not arrange formal debt solutions such as debt relief orders or bankruptcy "
            "(see free debt advice). Does not give immigration advice."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["money"],
        "access": [
            _access(
                "self_referral",
                phone="01632 960280",
                instructions="Advice line open weekdays, 10am to 3pm.",
            ),
            _access(
                "practitioner_referral",
                email="welfare.rights@brackendale-council.example.org",
                instructions="Refer with the person's consent.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Welfare rights, Civic Quarter",
                "Civic Quarter, 2 Norfolk Gate, Brackendale",
                "BD1 1HY",
                53.7925,
                -1.7519,
            ),
        ],
        "languages": ["en", "ur", "pa", "bn"],
        "wait_weeks": 2,
        "status": "active",
        "email": "welfare.rights@brackendale-council.example.org",
        "url": "https://brackendale-council.example.org/welfare-rights",
        "phone": "01632 960280",
    },
    {
        "key": "refugee-asylum-support",
        "organisation": WELCOME_BRIDGE,
        "name": "Refugee and asylum family support",
        "summary": ("Practical help for families who are refugees or seeking asylum."),
        "description": (
            "Caseworkers help families register with a GP and midwife, apply for asylum support, "
            "get baby equipment and join English classes. They refer to accredited legal "
            "advisers for help with asylum claims."
        ),
        "remit": (
            "Refugees and people seeking asylum living in the district, with priority for "
            "pregnant women and families with babies."
        ),
        "boundaries": (
            "Does not give legal advice on asylum claims itself; refers to accredited advisers. "
            "Does not provide accommodation."
        ),
        "ring": "risk_factors",
        "min_age_months": None,
        "max_age_months": None,
        "pregnancy": True,
        "areas": ["brackendale-district"],
        "needs": ["refugee_asylum", "money", "housing"],
        "access": [
            _access(
                "drop_in",
                instructions="Drop-in advice on Mondays and Wednesdays, 10am to 1pm.",
            ),
            _access(
                "practitioner_referral",
                phone="01632 960290",
                email="casework@welcome-bridge.example.org",
                instructions="Refer with the family's consent; say which language they speak.",
            ),
        ],
        "delivery": ["in_person", "telephone"],
        "locations": [
            _place(
                "Welcome Bridge centre",
                "Welcome Bridge Centre, 15 Mill Hey Street, Brackendale",
                "BD1 4RT",
                53.7959,
                -1.7462,
            ),
        ],
        "languages": ["en", "ar", "fa", "ku", "ps", "ti", "so", "ur"],
        "wait_weeks": 1,
        "status": "active",
        "email": "hello@welcome-bridge.example.org",
        "url": "https://welcome-bridge.example.org",
        "phone": "01632 960290",
    },
]

LINKS: list[tuple[str, str, str, str]] = [
    # Referral pathways into the parent–infant service.
    (
        "health-visiting",
        "refers_to",
        "lmm-parent-infant",
        "Health visitors are the largest source of referrals and consultations.",
    ),
    (
        "lmm-parent-infant",
        "receives_from",
        "community-midwifery",
        "Midwives refer in pregnancy when a parent is struggling to think about the baby.",
    ),
    (
        "specialist-midwifery",
        "refers_to",
        "lmm-parent-infant",
        "Specialist midwives refer pregnant women with trauma histories.",
    ),
    (
        "young-parents-nurse",
        "refers_to",
        "lmm-parent-infant",
        "Family nurses book consultations and refer when the relationship is at risk.",
    ),
    (
        "perinatal-mh-community",
        "refers_to",
        "lmm-parent-infant",
        "For the relationship with the baby, alongside the parent's own treatment.",
    ),
    (
        "early-help",
        "refers_to",
        "lmm-parent-infant",
        "Key workers use consultation first; therapeutic social workers link the two.",
    ),
    # Referrals out of the parent–infant service.
    (
        "lmm-parent-infant",
        "refers_to",
        "perinatal-mh-community",
        "When a parent needs treatment for moderate to severe mental illness.",
    ),
    (
        "lmm-parent-infant",
        "refers_to",
        "talking-therapies",
        "When a parent needs treatment for anxiety or depression.",
    ),
    (
        "lmm-parent-infant",
        "refers_to",
        "csc-front-door",
        "Safeguarding concerns are passed to the front door the same day.",
    ),
    # Joint delivery.
    (
        "lmm-parent-infant",
        "delivers_jointly_with",
        "lmm-community",
        "The two providers of Little Minds Matter: clinical work and community messaging.",
    ),
    (
        "lmm-community",
        "delivers_jointly_with",
        "dads-group",
        "Community workers visit the dads' group to talk about babies' feelings.",
    ),
    (
        "health-visiting",
        "delivers_jointly_with",
        "family-hub-central",
        "Child health clinics are held in the family hub.",
    ),
    (
        "family-hub-eastbrook",
        "delivers_jointly_with",
        "health-visiting",
        "Health visitor clinics moved into the new hub when it opened.",
    ),
    (
        "better-beginnings-link",
        "delivers_jointly_with",
        "chatter-steps",
        "Link workers sign families up for the early language programme.",
    ),
    (
        "recovery-parents",
        "delivers_jointly_with",
        "recovery-adult",
        "Family workers support parents alongside their treatment.",
    ),
    (
        "refugee-asylum-support",
        "delivers_jointly_with",
        "new-roots-mothers",
        "Caseworkers attend the mothers' group; the group refers for casework.",
    ),
    # Other pathways.
    (
        "community-midwifery",
        "refers_to",
        "health-visiting",
        "Handover of care 10 to 28 days after the birth.",
    ),
    (
        "health-visiting",
        "refers_to",
        "infant-feeding",
        "When feeding needs more expert help than the health visitor can give.",
    ),
    (
        "infant-feeding",
        "refers_to",
        "feeding-friends",
        "Peer supporters carry on where the specialist team stops: they complement it.",
    ),
    (
        "open-door-volunteers",
        "receives_from",
        "health-visiting",
        "Health visitors refer isolated families for a volunteer.",
    ),
    (
        "specialist-midwifery",
        "refers_to",
        "recovery-adult",
        "Pregnant women using drugs or alcohol are seen first.",
    ),
    (
        "specialist-midwifery",
        "refers_to",
        "refugee-asylum-support",
        "For asylum support applications and baby equipment.",
    ),
    (
        "csc-front-door",
        "refers_to",
        "early-help",
        "Concerns below the threshold for social work go to early help.",
    ),
    (
        "csc-front-door",
        "refers_to",
        "safe-spaces-outreach",
        "Every domestic abuse notification is passed on with consent.",
    ),
    (
        "together-again",
        "receives_from",
        "safe-spaces-outreach",
        "Mothers join the group once they are safe.",
    ),
    (
        "housing-options",
        "refers_to",
        "temp-accommodation-support",
        "Every family placed in temporary accommodation is referred.",
    ),
    (
        "temp-accommodation-support",
        "refers_to",
        "health-visiting",
        "So that families who move are not lost to health visiting.",
    ),
    (
        "gp-moorside",
        "refers_to",
        "perinatal-mh-community",
        "For moderate to severe mental illness in pregnancy and after birth.",
    ),
    (
        "gp-kestrel-row",
        "refers_to",
        "talking-therapies",
        "For anxiety and depression; patients can also refer themselves.",
    ),
    (
        "adult-cmht",
        "refers_to",
        "perinatal-mh-community",
        "Care passes to the perinatal team in pregnancy for women with severe illness.",
    ),
    (
        "little-acorns",
        "refers_to",
        "slt-under-fives",
        "When a child's talking is a worry at the 2-year progress check.",
    ),
    (
        "chatter-steps",
        "refers_to",
        "slt-under-fives",
        "Children with a suspected language disorder.",
    ),
    (
        "community-midwifery",
        "refers_to",
        "birth-trauma-loss",
        "After a traumatic birth or the loss of a baby.",
    ),
    (
        "baby-loss-support",
        "refers_to",
        "birth-trauma-loss",
        "When a bereaved parent's mental health is affected.",
    ),
    (
        "family-hub-central",
        "refers_to",
        "money-matters-debt",
        "Debt advisers hold weekly sessions in the hub.",
    ),
    (
        "perinatal-wellbeing",
        "refers_to",
        "perinatal-mh-community",
        "Parents at high risk or in crisis.",
    ),
    # Overlaps and conflicts the evaluation's participants described.
    (
        "talking-therapies",
        "overlaps_with",
        "perinatal-mh-community",
        "Both treat perinatal anxiety and depression; the line between moderate and severe "
        "is often unclear to referrers.",
    ),
    (
        "perinatal-wellbeing",
        "overlaps_with",
        "talking-therapies",
        "Both support perinatal low mood and anxiety in the Better Beginnings wards.",
    ),
    (
        "gentle-hands-massage",
        "overlaps_with",
        "family-hub-baby-bonding",
        "Two baby massage offers for the same age group across the district.",
    ),
    (
        "money-matters-debt",
        "overlaps_with",
        "welfare-rights",
        "Both give budgeting and basic debt advice; families are often sent to both.",
    ),
    (
        "baby-bonds",
        "overlaps_with",
        "family-hub-baby-bonding",
        "Baby Bonds' group covers similar ground to the family hub course.",
    ),
    (
        "baby-bonds",
        "conflicts_with",
        "lmm-parent-infant",
        "Commissioned in 2023 for the same families and concerns as Little Minds Matter, "
        "without mapping the existing service; referrers do not know which to use.",
    ),
]

TIME_1: dict = {
    "label": "Time 1, summer 2022",
    "taken_on": "2022-07-15",
    # Services that did not exist yet in summer 2022.
    "absent": ["baby-bonds", "family-hub-eastbrook", "birth-trauma-loss", "together-again"],
    # How services that changed between the two time points looked in summer 2022.
    "overrides": {
        "family-hub-central": {
            "name": "Central Brackendale Children's Centre",
            "summary": (
                "A children's centre in the city centre with groups, clinics and advice for "
                "families from pregnancy onwards."
            ),
            "description": (
                "The centre runs stay-and-play sessions, parenting courses and baby groups, and "
                "hosts health visitor clinics, midwife appointments and money advice drop-ins. "
                "Staff help families find the right service."
            ),
        },
        "family-hub-northcliffe": {"name": "Northcliffe Children's Centre"},
        "talking-therapies": {
            "name": "Brackendale IAPT service (Improving Access to Psychological Therapies)",
            "ring": "risk_factors",
        },
        "infant-feeding": {
            "summary": "Specialist help with breastfeeding babies under 1.",
            "description": (
                "Infant feeding advisers see families at home and in clinics when breastfeeding "
                "is not going well, and can refer for a tongue-tie assessment."
            ),
            "remit": (
                "Specialist breastfeeding support for babies under 1 living in the district "
                "whose feeding needs more expert help than their midwife or health visitor can "
                "give."
            ),
        },
        "perinatal-mh-community": {
            "max_age_months": 12,
            "summary": (
                "Specialist mental health care for parents with moderate to severe mental illness "
                "in pregnancy or in the first year after birth."
            ),
            "boundaries": (
                "Does not treat mild to moderate anxiety or depression: those parents are seen by "
                "the IAPT service. No out-of-hours crisis care: use the urgent advice line or 999. "
                "Does not take referrals once the baby is 1."
            ),
            "remit": (
                "Parents living in the district with moderate to severe or complex mental "
                "health problems, in pregnancy or until the baby's first birthday, including "
                "those at risk of postpartum psychosis."
            ),
        },
        "chatter-steps": {
            "areas": ["better-start-wards"],
            "description": (
                "Early language practitioners show parents simple ways to build talking into "
                "play, meals and bath time. Families get up to 8 home visits or a 6-week group."
            ),
            "remit": (
                "Families in the Better Beginnings wards with a child aged 18 months to 4 years "
                "whose talking is a little behind, or whose parents want help to support it."
            ),
        },
        "westfield-childrens-centre": {
            "status": "active",
            "summary": "A children's centre for families with children under 5 in the west.",
            "description": (
                "Westfield Children's Centre runs stay-and-play sessions, baby clinics and "
                "parenting groups for families with children under 5."
            ),
            "boundaries": (
                "Does not offer childcare or a crèche. Staff help families find specialist help "
                "but do not provide therapy or mental health treatment."
            ),
        },
        "doula": {
            "status": "active",
            "description": (
                "Trained volunteer doulas give emotional and practical support in late "
                "pregnancy, during labour and in the first 6 weeks after birth."
            ),
            "boundaries": (
                "Doulas are not midwives and give no clinical care. Only for women in the "
                "Better Beginnings wards."
            ),
            "wait_weeks": 2,
        },
    },
}

TIME_2: dict = {"label": "Time 2, winter 2023", "taken_on": "2023-12-01"}
