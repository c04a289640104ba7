"""The demo texts, as data. Plain English: short sentences, UK spelling.

Every page is a dict of model fields plus `slug`. Bodies are StreamField data in the
JSON form Wagtail stores. A link to another demo page is written with `link(key, text)`,
where `key` is the page's slug path below the home page (e.g. "about/our-partners");
the loader swaps it for a real Wagtail page link once that page exists.

Contact details: the only way to reach the partnership is the contact form (and, at
most, the role mailbox). Never add a person's name, phone number or e-mail address.
"""
import datetime

# When the accessibility statement, privacy notice and cookie statement were last checked.
# A fixed date, so that loading the demo again does not make new revisions.
POLICY_REVIEWED = "23 November 2026"


# --- Small helpers that build StreamField blocks and rich text ------------------------

def link(key, text):
    return f'<a linktype="page" page="{key}">{text}</a>'


def external(url, text):
    return f'<a href="{url}">{text}</a>'


def ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def paras(*sentences_or_html):
    """Each argument is one paragraph, unless it is already an HTML block (<ul>, <h3>...)."""
    parts = []
    for text in sentences_or_html:
        parts.append(text if text.startswith("<") else f"<p>{text}</p>")
    return "".join(parts)


def heading(text):
    return {"type": "heading", "value": text}


def paragraph(*texts):
    return {"type": "paragraph", "value": paras(*texts)}


def inset(*texts):
    return {"type": "inset_text", "value": {"body": paras(*texts)}}


def warning(title, *texts):
    return {"type": "warning_callout", "value": {"title": title, "heading_level": 3, "body": paras(*texts)}}


def details(title, *texts):
    return {"type": "details", "value": {"title": title, "body": [{"type": "richtext", "value": paras(*texts)}]}}


def quote(text, attribution):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution}}


def summary_list(*rows):
    return {
        "type": "summary_list",
        "value": {"rows": [{"key": key, "value": paras(value)} for key, value in rows], "no_border": False},
    }


# --- Home page ---------------------------------------------------------------------------

HOME = {
    "slug": "walsall-together",
    "title": "Walsall Together",
    "summary": "Health, care, housing and community groups in Walsall working as one team.",
    "introduction": (
        "Walsall Together is a partnership of the organisations that give health, mental health "
        "and social care in Walsall. We work as one team to help you stay well, live the life you "
        "want and get care close to home."
    ),
    "join_heading": "Join the User Group",
    "join_text": (
        "Do you live in Walsall, use local health or care services, or look after someone who does? "
        "Join the Walsall Together User Group, run by Healthwatch Walsall. Tell us what works well "
        "and what needs to change. Your views help to shape local services."
    ),
}

# The home page body links to other pages, so the loader adds it once they exist.
HOME_BODY = [
    heading("What we want to do"),
    paragraph(
        "We want to help people in Walsall to:",
        ul(
            "stay well for longer and make healthy choices",
            "live independent, active and healthy lives",
            "stay out of hospital when they can, with care close to home",
        ),
        "To do this, the partners share staff, buildings, information and ideas. "
        "When care is joined up, it is easier to use and you do not have to tell your story again and again.",
    ),
    heading("Find out more"),
    paragraph(
        ul(
            link("about/our-partners", "Who the partners are"),
            link("about/model-of-care", "How care is organised"),
            link("get-involved", "How you can have your say"),
            link("contact-us", "Contact us"),
        ),
    ),
]
# The User Group application page, added by the engagement app's demo loader (see DemoLoader.join_page).
HOME_JOIN_PAGE = "get-involved/join-the-user-group"


# --- About Walsall Together --------------------------------------------------------------

ABOUT = {
    "slug": "about",
    "title": "About Walsall Together",
    "show_in_menus": True,
    "summary": "Who we are, how care is organised and how decisions are made.",
    "introduction": paras(
        "Walsall Together is an integrated care partnership. This means the organisations that plan "
        "and give health, mental health and social care in Walsall work together as one.",
        "Find out who the partners are, how care is organised and how the partnership is run.",
    ),
}

OUR_PARTNERS = {
    "slug": "our-partners",
    "title": "Our partners",
    "summary": "The organisations in Walsall Together and what each one brings.",
    "body": [
        paragraph(
            "Walsall Together brings together the NHS, the council, housing and the voluntary sector. "
            "Each partner is still its own organisation. We agree to work as one, for the good of people in Walsall.",
        ),
        heading("The partners"),
        paragraph(
            "<h3>Walsall Healthcare NHS Trust</h3>",
            "The trust runs Walsall Manor Hospital and community health services, such as district nurses. "
            "It is the host partner. This means it looks after the day-to-day running of the partnership "
            "for everyone.",
            "<h3>Walsall Clinical Commissioning Group, including local GPs</h3>",
            "The Clinical Commissioning Group (CCG) plans and pays for NHS services for people in Walsall. "
            "Local GP practices work together in Primary Care Networks.",
            "<h3>Black Country Healthcare NHS Foundation Trust</h3>",
            "This trust gives mental health and learning disability services.",
            "<h3>Walsall Council</h3>",
            "The council brings adult social care and public health. Public health helps everyone in "
            "Walsall to stay healthy.",
            "<h3>whg</h3>",
            "whg is the main social housing provider in Walsall. It speaks for the wider housing sector "
            "and has been on the Partnership Board since August 2019. A safe, warm home is good for your health.",
            "<h3>One Walsall</h3>",
            "One Walsall supports local charities, community groups and volunteers. "
            "This is often called the voluntary and community sector.",
            "<h3>Healthwatch Walsall</h3>",
            "Healthwatch Walsall is the independent champion for people who use health and social care. "
            "It helps local people to have their say in Walsall Together.",
        ),
        heading("Why we work together"),
        paragraph(
            "More people live in Walsall than before, and people are living longer. "
            "More people live with long-term health conditions. Money and staff are limited.",
            "By working together, we can:",
            ul(
                "improve the health and wellbeing of people in Walsall",
                "improve the quality of care",
                "make sure services can be paid for in the years to come",
            ),
        ),
        inset(
            "The partnership is not a separate organisation. It cannot make decisions for its partners. "
            "Each partner keeps its own duties and its own board.",
        ),
    ],
}

MODEL_OF_CARE = {
    "slug": "model-of-care",
    "title": "Our model of care",
    "summary": "How care is organised in levels, from support in your community to hospital care.",
    "body": [
        paragraph(
            "Our model of care puts the people of Walsall at the centre. "
            "The aim is the right care, at the right time, in the right place.",
            "Everyone involved in your care works together in your community. "
            "Care is organised in levels, called tiers.",
        ),
        heading("One place to start"),
        paragraph(
            "A single point of access helps you find the right service. It guides you and joins up care, "
            "from GP appointments to support for carers.",
            "You will be able to use it in person, by phone, with a mobile app or online.",
        ),
        heading("Resilient Communities"),
        paragraph(
            "This is about helping people stay well, not only treating them when they are ill. "
            "Health and care workers, community groups and volunteers work together. "
            "They help people get the advice and support they need to live independent, healthy and active lives.",
            "With Walsall Council and One Walsall, this includes:",
            ul(
                "social prescribers, who link people to local groups and activities",
                "Making Connections Walsall",
                "the Expert Patient Programme, which helps people manage a long-term condition",
                "help with housing, learning and training",
                "support for carers",
                "chances to volunteer",
            ),
        ),
        heading("Tier one: your GP and your local health and care team"),
        paragraph(
            "If you are registered with a GP in Walsall, a local team supports you. "
            "It includes GPs, community nurses, social care, mental health workers and the voluntary sector. "
            "They give joined-up care in your home or your community.",
            "For example, this could be:",
            ul(
                "a phone call with a GP about a mental health worry",
                "a home visit from a social worker to make your home easier to live in",
                "a group session for someone who has just found out they have diabetes",
            ),
        ),
        heading("Tiers two and three: specialist services across Walsall"),
        paragraph(
            "Hospital specialists work as part of a network across Walsall. "
            "They give outpatient appointments, tests and specialist care.",
            "If you need urgent care but do not need to stay in hospital, you can get help 24 hours a day "
            "through the single point of access. You will see the right professional in the right place.",
        ),
        heading("Tier four: hospital care"),
        paragraph(
            "Hospital care stays much the same. A&amp;E at Walsall Manor Hospital is open 24 hours a day "
            "for emergencies.",
            "When you arrive, staff check whether you need to stay in hospital or can get care in the community. "
            "If you stay, teams work together so that you can leave as soon as it is safe, "
            "to a place closer to home.",
        ),
        heading("Shared digital records"),
        paragraph(
            "With your agreement, the people caring for you can see the same up-to-date record. "
            "This helps them make better decisions. You do not have to repeat your health and care history "
            "to every new person.",
        ),
        details(
            "What this means for you",
            ul(
                "more support to stay healthy and independent in your community",
                "care that is easier to understand and use",
                "no need to keep telling your story",
                "more choice about who gives your care",
            ),
        ),
    ],
}

LOCALITIES = {
    "slug": "our-four-localities",
    "title": "Our four localities",
    "summary": "Care in Walsall is planned in four areas: North, South, East and West.",
    "body": [
        paragraph(
            "Walsall is split into four areas, called localities:",
            ul("North", "South", "East", "West"),
            "Each locality has health and social care teams who work together, close to where people live. "
            "We are bringing these teams into shared buildings, so that they can plan your care together.",
        ),
        heading("Health and Wellbeing Centres"),
        paragraph(
            "We plan Health and Wellbeing Centres across the four localities. Together with other buildings "
            "that are easy to get to, they will bring GP, social care, community and specialist services "
            "under one roof.",
            "Walsall Manor Hospital gives hospital care, including A&amp;E.",
            "Some changes can happen soon. Others will take up to five years.",
        ),
        heading("Primary Care Networks"),
        paragraph(
            "A Primary Care Network (PCN) is a group of GP practices that work together. "
            "They work with community, mental health, social care, pharmacy, hospital and voluntary services "
            "in their area.",
            "Walsall has 7 Primary Care Networks. They were agreed in June 2019 and match the locality teams.",
            "The networks chose 4 PCN leads, one for each locality. The leads sit on the Partnership Board "
            "and other main groups, so GPs have a say in every big decision.",
        ),
    ],
}

PRIORITY_PATHWAYS = {
    "slug": "priority-pathways",
    "title": "Priority pathways",
    "summary": "Six areas of care we are improving first, chosen because of local health needs.",
    "body": [
        paragraph(
            "A care pathway is the journey a person takes through services for a health condition. "
            "It goes from the first help they get to the support they need later.",
            "Our Clinical and Professional Leadership Group chose six pathways to improve first. "
            "They used public health information about the needs of people in Walsall.",
        ),
        summary_list(
            ("Respiratory", "Care for breathing and lung conditions, such as COPD and asthma."),
            ("Cardiology", "Care for heart conditions."),
            ("Diabetes", "Care and support for people living with diabetes."),
            ("End of life care", "Care for people in the last part of their life, and for the people close to them."),
            ("Mental health outpatients", "Mental health appointments where you do not stay in hospital."),
            ("Services for 0 to 19 year olds", "Health services for children and young people, from birth to 19."),
        ),
        heading("What has changed so far"),
        paragraph(
            "Specialist nurses for breathing and heart conditions now work as part of the locality teams. "
            "This means more people can get expert care closer to home.",
        ),
        heading("Help us improve a pathway"),
        paragraph(
            "We want people who live with these conditions, and the people who care for them, to help "
            "redesign each pathway. For example, in November 2020 we held an online workshop for people "
            "living with a breathing condition such as COPD.",
            f"Find out {link('get-involved', 'how to get involved')}.",
        ),
    ],
}

GOVERNANCE = {
    "slug": "how-we-are-governed",
    "title": "How we are governed",
    "summary": "Who makes decisions for Walsall Together and how the partners agree to work.",
    "body": [
        paragraph(
            "Walsall Together has clear rules about who decides what. This page explains the main groups "
            "and the agreement the partners have signed.",
        ),
        heading("The Partnership Board"),
        paragraph(
            "The Walsall Together Partnership Board meets every month. Senior leaders from every partner sit on it. "
            "The board sets the direction of the partnership and keeps an eye on the services that are part of it.",
            "After each meeting, a short highlight report goes to the Walsall Healthcare NHS Trust Board.",
        ),
        heading("The Alliance Agreement"),
        paragraph(
            "In 2019 all the partners signed an Alliance Agreement. It sets out how they work together to give "
            "services that are good, good value and built to last. It did not change any existing contracts.",
            "The Partnership Board and the board of every partner approved it.",
        ),
        details(
            "What the agreement is for",
            "The main purpose is to improve the health and wellbeing of people in Walsall. The partners agreed to:",
            ul(
                "improve health and wellbeing",
                "improve the quality of care",
                "each meet their legal duties about money",
            ),
        ),
        details(
            "Our outcomes framework",
            "An outcomes framework is a list of the results we want, and how we will measure them. "
            "Ours has four themes:",
            ul(
                "a healthy population",
                "care that is easy to get, joined up and quick to respond",
                "strong communities",
                "the things that make the system work, such as staff, buildings and digital tools",
            ),
        ),
        details(
            "How long the agreement runs",
            "The first agreement ran until 2021. The partners are reviewing it. The review will:",
            ul(
                "update the aims to match the work we do now, including reducing health inequalities "
                "as we recover from COVID-19",
                "agree how the partners share and manage the biggest risks",
            ),
        ),
        heading("How the partners promise to work"),
        paragraph(
            "In the agreement, the partners promise to:",
            ul(
                "work towards a shared vision of joined-up services",
                "make decisions together that are 'Best for Walsall'",
                "always put the best interests of people who use services first",
                "co-produce services with the people who use them, and with their families and carers",
                "be open and honest, and share information safely, within data protection law",
                "work together to solve problems and avoid doing the same work twice",
                "learn from each other and stay positive",
            ),
        ),
        inset(
            "<strong>Co-production</strong> means working as equals with people who use services, and with "
            "their families and carers. They help to design services and decide how they are run.",
        ),
        heading("Senior Management Team and Programme Office"),
        paragraph(
            "The Executive Director of Integration leads a Senior Management Team and a Programme Office. "
            "They make sure services are delivered and joined up, day to day.",
        ),
        heading("Clinical and Professional Leadership Group"),
        paragraph(
            "The Director of Public Health chairs this group of doctors, nurses and other professionals. "
            "The group:",
            ul(
                "gives clinical direction to the partnership",
                "checks that the model of care is working",
                "makes sure people are involved and listened to",
                f"chooses which {link('about/priority-pathways', 'care pathways')} to improve, "
                "based on the health needs of people in Walsall",
            ),
        ),
    ],
}

ABOUT_CHILDREN = [OUR_PARTNERS, MODEL_OF_CARE, LOCALITIES, PRIORITY_PATHWAYS, GOVERNANCE]


# --- Get involved ------------------------------------------------------------------------

GET_INVOLVED = {
    "slug": "get-involved",
    "title": "Get involved",
    "show_in_menus": True,
    "summary": "Share your views and help shape health and care in Walsall.",
    "introduction": paras(
        "We want to hear from people who live in Walsall, use local services or care for someone who does. "
        "When we listen to you, we understand what matters most and can plan better care.",
    ),
}

HEALTHWATCH = {
    "slug": "healthwatch-walsall",
    "title": "Healthwatch Walsall and engagement",
    "summary": "How Healthwatch Walsall helps local people to have a say in Walsall Together.",
    "body": [
        paragraph(
            "Healthwatch Walsall is the independent champion for people who use health and social care. "
            "Walsall Together has asked Healthwatch Walsall to talk with, and listen to, residents, patients "
            "and carers.",
        ),
        heading("What Healthwatch Walsall does"),
        paragraph(
            ul(
                "asks patients and the public what they think about services",
                "explains how joined-up care can help people",
                "makes sure communities have a real say in decisions about services",
                "brings patient stories to the Partnership Board, to show why joined-up care matters",
            ),
        ),
        heading("The Walsall Together User Group"),
        paragraph(
            "Healthwatch Walsall runs the Walsall Together User Group. Members help choose and shape the "
            "changes we make to services. The group has its own chair.",
            "You can join if you live in Walsall, use local services or look after someone who does.",
        ),
        heading("Our engagement plan"),
        paragraph(
            "The Partnership Board agreed an engagement plan in December 2019. It sets out:",
            ul(
                "who we want in the User Group, and how we will invite them",
                "how we will hear from seldom-heard groups: people whose voices are often missed",
                "the best ways to involve people at each stage of changing a service",
                "what co-design and co-production mean for Walsall Together",
            ),
        ),
        details(
            "What do co-design and co-production mean?",
            "<strong>Co-design</strong> means people who use services work with staff to design a service.",
            "<strong>Co-production</strong> goes further. People who use services, their families and carers "
            "are equal partners, from planning a service to running it and checking that it works.",
        ),
        heading("How to join"),
        paragraph(
            f"Send us a message using our {link('contact-us', 'contact form')}. Say that you would like to join the "
            "User Group. We will pass your message to the Healthwatch Walsall team.",
        ),
    ],
}

GET_INVOLVED_CHILDREN = [HEALTHWATCH]


# --- News ----------------------------------------------------------------------------------

PUBLICATIONS = {
    "slug": "publications",
    "title": "Publications",
    "show_in_menus": True,
    "summary": "Board highlight reports, newsletters, staff roadshows, resources and branding.",
    "introduction": paras(
        "What the partnership publishes: reports from the Partnership Board, our stakeholder newsletters, "
        "recordings of staff roadshows, information for patients and the Walsall Together brand.",
    ),
}

NEWS = {
    "slug": "news",
    "title": "News",
    "show_in_menus": True,
    "summary": "News from the Walsall Together partnership.",
    "introduction": paras("The latest news from Walsall Together and our partners."),
}

NHS_CONFEDERATION_VISIT = {
    "slug": "nhs-confederation-chief-executive-praises-walsall-together",
    "title": "NHS Confederation chief executive praises Walsall Together",
    "date": datetime.date(2023, 7, 14),
    "summary": "Matthew Taylor visited Walsall and called the work of the partnership 'absolutely brilliant'.",
    "body": [
        paragraph(
            "Matthew Taylor, chief executive of the NHS Confederation, visited Walsall Together. "
            "The NHS Confederation is a membership body for organisations that plan and run NHS services.",
            "He said he was very impressed by how closely the partners work together, and by their commitment.",
        ),
        quote("Absolutely brilliant.", "Matthew Taylor, Chief Executive, NHS Confederation"),
        heading("What he saw"),
        paragraph(
            "Leaders from the NHS, Walsall Council and housing told the story so far. They talked about:",
            ul(
                "our new model of care and our joined-up teams",
                "the care navigation centre, which helps people reach the right service first time",
                "the integrated assessment hub",
                "virtual wards, where people get hospital-level care and checks at home",
                "fewer hospital admissions and shorter hospital stays",
                "our new wellbeing outcomes framework",
            ),
        ),
        heading("Housing and health"),
        paragraph(
            "whg, our housing partner, shared some of its projects. These include work4health, Kindness Counts "
            "and Diabetes Champions. They all aim to reduce health inequalities and make local communities stronger.",
        ),
        heading("What he took away"),
        paragraph(
            "Matthew Taylor called the visit inspiring. He said that:",
            ul(
                "good care coordination makes a real difference: fewer trips to hospital, and people get the "
                "right service first time",
                "it takes time and goodwill, but the results are impressive",
                "working in one place, with a shared vision and strong relationships, leads to new ideas",
                "partners such as housing can help tackle the causes of poor health",
                "local partners need time, money and freedom to grow in their own way",
            ),
            "He was also worried about the money pressures that the NHS and councils face.",
        ),
        paragraph(
            "The partnership said it was an honour to be praised. We look forward to sharing what we have "
            "learnt with other places.",
        ),
    ],
}

NEWS_CHILDREN = [NHS_CONFEDERATION_VISIT]


# --- Footer pages --------------------------------------------------------------------------

CONTACT = {
    "slug": "contact-us",
    "title": "Contact us",
    "summary": "Send a message to the Walsall Together team.",
    "introduction": paras(
        "Use this form to ask a question about Walsall Together, tell us what you think or ask to join the "
        "User Group. We will reply by e-mail.",
        "This form is not for medical advice. If you need medical help, call NHS 111 or contact your GP. "
        "In an emergency, call 999.",
    ),
    "thank_you_text": paras(
        "We will read your message and reply as soon as we can, usually within 10 working days.",
    ),
}

ACCESSIBILITY = {
    "slug": "accessibility-statement",
    "title": "Accessibility statement",
    "summary": "How accessible this website is, and how to tell us about a problem.",
    "body": [
        paragraph(
            "This statement is about the Walsall Together website. Walsall Healthcare NHS Trust runs it "
            "for the partnership.",
            "We want as many people as possible to be able to use this website. For example, you should be able to:",
            ul(
                "change colours, contrast and fonts using your browser or device settings",
                "zoom in up to 400% without the text spilling off the screen",
                "get around the website using just a keyboard",
                "get around the website using speech recognition software",
                "listen to the website using a screen reader",
            ),
            "We also try to write in plain English that is easy to understand.",
        ),
        heading("How accessible this website is"),
        paragraph(
            "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. "
            "We check the website with automated tools and by hand.",
            "Some documents, such as older PDF files, may not work well with screen readers. "
            "If you need a document in a different format, ask us.",
        ),
        heading("Tell us about a problem"),
        paragraph(
            f"If you find a problem with this website, or need something in a different format such as large "
            f"print, easy read or audio, please use our {link('contact-us', 'contact form')}.",
            "Tell us which page it was and what went wrong. We will reply as soon as we can, "
            "usually within 10 working days.",
        ),
        heading("Enforcement procedure"),
        paragraph(
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 "
            "(the 'accessibility regulations').",
            "If you are not happy with how we respond to your complaint, contact the "
            + external("https://www.equalityadvisoryservice.com/", "Equality Advisory and Support Service (EASS)")
            + ".",
        ),
        heading("Technical information"),
        paragraph(
            "Walsall Healthcare NHS Trust is committed to making this website accessible, in line with the "
            "accessibility regulations.",
            "We aim for this website to fully meet WCAG 2.2 level AA. It has not yet had an independent audit. "
            "We will list any problems we find on this page, with our plans to fix them.",
        ),
        heading("Preparation of this statement"),
        paragraph(f"This statement was prepared on {POLICY_REVIEWED}. We will review it at least once a year."),
    ],
}

PRIVACY = {
    "slug": "privacy-notice",
    "title": "Privacy notice",
    "summary": "What personal information we collect, why we need it, how long we keep it and your rights.",
    "body": [
        heading("Who we are"),
        paragraph(
            "This website belongs to Walsall Together, the integrated care partnership for Walsall.",
            "Walsall Healthcare NHS Trust is the host partner. It is the data controller for the information "
            "you give us through this website. This means it decides how your information is used and must "
            "keep it safe.",
        ),
        heading("What we collect and why"),
        paragraph(
            "<h3>When you use the contact form</h3>",
            "We collect your name, e-mail address and message, so that we can reply to you. "
            "We also keep a record that you agreed to this, with the words you agreed to.",
            "<h3>If you are a member of staff with an account</h3>",
            "Partner staff can sign in to manage the website. We keep your name, work e-mail address and a "
            "scrambled copy of your password. If you turn on two-step sign-in, we keep what is needed for it. "
            "We keep a log of when staff look at, download or delete people's personal information.",
            "<h3>When we add new features</h3>",
            "Later, you will be able to book a place at an event, apply to join the User Group and give "
            "feedback on services. We will only ask for what we need, such as your name, how to contact you, "
            "and any support you need to take part. We will update this notice before each feature starts.",
        ),
        heading("Our lawful bases"),
        paragraph(
            "The law says we must have a reason, called a lawful basis, to use your information. We use:",
            ul(
                "<strong>consent</strong>, when you tick a box to agree, for example on the contact form",
                "<strong>public task</strong>, because the NHS and councils must involve the public in planning "
                "services, and must run those services well",
                "<strong>legal obligation</strong>, when the law says we must keep or share something",
            ),
        ),
        heading("Health and equality information"),
        paragraph(
            "Some information needs extra protection. This is called special category data. It includes "
            "information about your health, ethnicity, religion, disability or sexual orientation.",
            "We may ask for this to understand your needs, or to check that we hear from every part of our "
            "community. We only collect it with your explicit consent. You can say no, and it will not affect "
            "the help you get. You can change your mind at any time.",
            "When we report on equality information, we only use totals, so nobody can be identified.",
        ),
        heading("Who we share it with"),
        paragraph(
            "We only share your information with partners who need it to help you. For example, we pass "
            "User Group enquiries to Healthwatch Walsall.",
            "Companies that host this website and send our e-mails handle information for us under contract. "
            "We never sell your information.",
        ),
        heading("How long we keep it"),
        summary_list(
            ("Contact form messages", "12 months after they arrive."),
            ("Copies of e-mails we send you", "30 days."),
            ("Records of your consent", "Until you ask us to erase your information, as proof of what you agreed to."),
            ("Staff accounts", "While you have an account."),
            ("Log of staff access to personal information", "6 years."),
        ),
        heading("Your rights"),
        paragraph(
            "You have the right to:",
            ul(
                "ask for a copy of the information we hold about you (a subject access request)",
                "ask us to correct information that is wrong",
                "ask us to erase your information",
                "ask us to limit how we use your information, or object to how we use it",
                "take back your consent at any time",
            ),
            f"To use any of these rights, send us a message using our {link('contact-us', 'contact form')}. "
            "We will reply within one month.",
        ),
        heading("Cookies"),
        paragraph(f"Read our {link('cookies', 'cookie statement')} to find out about the cookies this website uses."),
        heading("How to complain"),
        paragraph(
            "If you are unhappy with how we have used your information, please tell us first.",
            "You can also complain to the Information Commissioner's Office (ICO). Visit "
            + external("https://ico.org.uk/make-a-complaint/", "the ICO website")
            + " or call the ICO helpline on 0303 123 1113.",
        ),
        paragraph(f"This notice was last updated on {POLICY_REVIEWED}."),
    ],
}

COOKIES = {
    "slug": "cookies",
    "title": "Cookie statement",
    "summary": "This website only uses the cookies it needs to work. We do not use analytics or advertising cookies.",
    "body": [
        paragraph(
            "Cookies are small files saved on your phone, tablet or computer when you visit a website.",
            "We only use essential cookies. The website needs them to work and to stay secure. "
            "You do not need to agree to them, so we do not show a cookie banner.",
        ),
        heading("The cookies we use"),
        summary_list(
            ("csrftoken", "Protects forms, such as the contact form, from a kind of attack. "
                          "It is set when you use a form and lasts for up to a year."),
            ("sessionid", "Keeps signed-in staff signed in. It is deleted when they sign out, "
                          "or after 2 weeks."),
            ("wt_known_device", "Set when staff sign in. It lets them sign in with their password on this "
                                "device even while someone else is trying to guess it. It holds no name or "
                                "e-mail address and lasts for up to a year."),
        ),
        heading("No analytics or advertising cookies"),
        paragraph(
            "We do not use cookies to measure how you use the website, and we do not use advertising cookies. "
            "If this changes, we will ask for your consent first and update this page.",
        ),
        heading("Change your cookie settings"),
        paragraph(
            "You can block or delete cookies in your browser settings. "
            "If you block essential cookies, forms and signing in will not work.",
        ),
        paragraph(f"This statement was last updated on {POLICY_REVIEWED}."),
    ],
}

# Footer links, in the order they appear. The contact page is a ContactPage; the rest are
# standard pages. All are children of the home page and are not shown in the main menu.
FOOTER_PAGES = [ACCESSIBILITY, PRIVACY, COOKIES, CONTACT]
