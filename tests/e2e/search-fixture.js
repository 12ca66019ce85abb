// The site the search tests build: three collections of short articles about back and hip pain
// and massage, written so that each search behaviour under test has words to work on.
//
// Words the tests rely on, and why they are (or are not) in the text:
// - "massage" is on more than ten pages, so its results take more than one page.
// - "Myofascial release", "Deep tissue massage", "Trigger point therapy", "Poor posture" and
//   "When to get help" are titles, each the clear best match for its words.
// - "Making massage part of a long-term plan" lives in guides/long-term-plan.md, a file not
//   named after its title, so the index must store its URL.
// - "stretching", "stretch" and "stretched" appear, never "stretches": that query finds them
//   only by stemming.
// - "pétrissage" is written with its accent only, so "petrissage" finds it only by folding.
// - "physiotherapist" appears, never "physio" alone: that query finds it only as a prefix.
// - "knots" and "emergency" appear nowhere: they find pages only through site.yaml's synonyms.
// - "mattress" is only in a draft, which must never be indexed.
'use strict';

/* An article or collection page: front matter (strings quoted as JSON, which YAML reads)
 * and a Markdown body. */
function page(front, body) {
  const lines = Object.entries(front).map(([key, value]) => {
    if (Array.isArray(value)) return `${key}: [${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    return `${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`;
  });
  return `---\n${lines.join('\n')}\n---\n\n${body.trim()}\n`;
}

const FILES = {
  'site.yaml': `title: Easing back and hip pain
description: Plain words about back and hip pain and how massage may help.
language: en
synonyms:
  knots: [trigger points, tight spots]
  emergency: [red flags, urgent]
  sore: [pain, ache]
`,

  'content/_index.md': page(
    { title: 'Easing back and hip pain', summary: 'Plain words about back and hip pain and what massage may do for it.' },
    `
Back and hip pain can make walking, sleeping and work harder. This small site explains what may
cause it, which kinds of massage people try, and how to use massage safely alongside exercise.
`,
  ),

  // Causes
  'content/causes/_index.md': page(
    { title: 'Causes', summary: 'Everyday things that may add to back and hip pain.', order: 1 },
    `
These pages describe common reasons for back and hip pain. Knowing what lies behind your pain
helps a massage therapist choose where to work.
`,
  ),
  'content/causes/poor-posture.md': page(
    {
      title: 'Poor posture',
      summary: 'Slouching at a desk or over a phone may leave your lower back and hips stiff.',
      order: 1,
      tags: ['posture', 'lower back'],
    },
    `
Slouching puts extra load on the muscles of your lower back. Over a long day those muscles tire
and feel tight. Your hips can stiffen too when you sit curled forward. Changing position often
and setting up your desk well may do more than any single treatment. Massage may ease the
tightness for a while, but it does not change how you sit.
`,
  ),
  'content/causes/sitting-for-long-hours.md': page(
    {
      title: 'Sitting for long hours',
      summary: 'Hours in a chair may shorten the muscles at the front of the hip and weaken the buttocks.',
      order: 2,
      tags: ['hips', 'sitting'],
    },
    `
When you sit for hours, the muscles at the front of your hip stay short. The buttock muscles do
little work and can weaken. Standing up may then pull on your lower back. Short walks and gentle
stretching through the day may help. A massage therapist may work on the front of the hip as well
as the back.
`,
  ),
  'content/causes/weak-core-muscles.md': page(
    {
      title: 'Weak core muscles',
      summary: 'When the muscles around your middle are weak, your back and hips may take more strain.',
      order: 3,
      tags: ['strength', 'lower back'],
    },
    `
Your core muscles wrap around your belly and back and hold your spine steady. If they are weak,
other muscles work harder to make up for it and may ache. Strengthening exercise is the main
answer. Massage may ease the overworked muscles, but it cannot make weak muscles stronger. A
physiotherapist can show you safe exercises to start with.
`,
  ),
  'content/causes/old-injuries.md': page(
    {
      title: 'Old injuries',
      summary: 'A past strain, fall or operation may leave scar tissue that makes moving harder.',
      order: 4,
      tags: ['injury', 'scar tissue'],
    },
    `
An old sprain or strain can heal with stiff scar tissue. You may also move differently to guard
the area, which loads other muscles. Gentle massage around a healed scar may help the skin and
muscle glide again. Ask your doctor before any massage near a recent injury or operation.
`,
  ),
  'content/causes/sleeping-position.md': page(
    {
      title: 'Sleeping position',
      summary: 'How the way you lie at night may affect stiffness in the morning.',
      order: 5,
      draft: true,
      tags: ['sleep'],
    },
    `
A sagging mattress may leave your back stiff in the morning. A pillow between the knees may help
if you sleep on your side. This page is not finished, so it says nothing about massage yet.
`,
  ),

  // Techniques
  'content/techniques/_index.md': page(
    { title: 'Techniques', summary: 'The kinds of massage most often used for back and hip pain.', order: 2 },
    `
Massage therapists use several techniques for back and hip pain. A good therapist adapts the
pressure to you and changes it if something does not feel right. Few studies compare one
technique with another.
`,
  ),
  'content/techniques/deep-tissue-massage.md': page(
    {
      title: 'Deep tissue massage',
      summary: 'Slow, firm strokes that reach the deeper layers of muscle in the back and hips.',
      order: 1,
      tags: ['deep tissue', 'lower back'],
    },
    `
## What happens

The therapist uses slow, firm pressure with the hands, forearms or elbows. They work along the
muscles of your back, hips and buttocks. It can feel uncomfortable at times but should never be
sharply painful.

## Who should ask first

Ask your doctor first if you bruise easily, take blood thinners or have weak bones. Firm pressure
is not right for everyone.
`,
  ),
  'content/techniques/trigger-point-therapy.md': page(
    {
      title: 'Trigger point therapy',
      summary: 'Steady pressure on small tight spots in a muscle that may send pain elsewhere.',
      order: 2,
      tags: ['trigger points', 'hips'],
    },
    `
Trigger points are small tight spots in a muscle that feel tender when pressed. A trigger point
in the buttock may send pain down the leg or into the lower back. The therapist presses on the
spot for a short while until it softens. You may feel a dull ache that fades as the pressure goes
on. It is often one part of a longer massage, and a gentle stretch afterwards may help the change
last.
`,
  ),
  'content/techniques/myofascial-release.md': page(
    {
      title: 'Myofascial release',
      summary: 'Gentle, sustained pressure on the fascia, the thin wrapping around your muscles.',
      order: 3,
      tags: ['fascia', 'flexibility'],
    },
    `
Fascia is a thin layer of tissue that wraps every muscle. Myofascial release uses light, slow
pressure held for a minute or more, so the tissue is stretched very gently. The therapist waits
for it to soften before moving on. Many people find this kind of massage relaxing rather than
painful. There is only a little research on it for back pain.
`,
  ),
  'content/techniques/swedish-massage.md': page(
    {
      title: 'Swedish massage',
      summary: 'Long gliding strokes and gentle kneading that help the whole body relax.',
      order: 4,
      tags: ['relaxation'],
    },
    `
Swedish massage is the gentlest of the common techniques. Its long gliding strokes are called
effleurage, and its kneading strokes are called pétrissage. It helps many people relax and may
ease tension in the back. It is a good first choice if you have never had a massage.
`,
  ),
  'content/techniques/hot-stone-massage.md': page(
    {
      title: 'Hot stone massage',
      summary: 'Warm smooth stones rest on the back to loosen tight muscles before hands-on massage.',
      order: 5,
      tags: ['warmth', 'relaxation'],
    },
    `
The therapist warms smooth stones and rests them along your spine and hips. The heat may help
tight muscles let go, so the massage that follows can be gentler. Say at once if a stone feels
too hot. Avoid it if the feeling in your skin is poor.
`,
  ),
  'content/techniques/sports-massage.md': page(
    {
      title: 'Sports massage',
      summary: 'Firm massage mixed with stretching, aimed at people who train or play sport.',
      order: 6,
      tags: ['exercise', 'flexibility'],
    },
    `
Sports massage mixes firm strokes with stretching of the hips and legs. It is often used before
or after training. Some people with back pain who are not athletes like it too. The therapist may
move your leg while you lie on the couch, so the back of the thigh is stretched.
`,
  ),

  // Guides
  'content/guides/_index.md': page(
    { title: 'Guides', summary: 'How to get the most from massage, and when to see a doctor instead.', order: 3 },
    `
These guides help you fit massage around exercise, choose a therapist and plan your care.
`,
  ),
  'content/guides/when-to-get-help.md': page(
    {
      title: 'When to get help',
      summary: 'Warning signs that mean you should see a doctor before, or instead of, a massage.',
      order: 1,
      tags: ['red flags', 'safety'],
    },
    `
## Get help now if

Some back pain needs urgent care. Get help at once if you have numbness around your bottom or
groin, or you cannot control your bladder. These red flags are rare but serious.

## See a doctor first if

See a doctor before massage if your pain follows a fall, comes with a fever or keeps getting
worse. Massage does not replace medical care.
`,
  ),
  'content/guides/long-term-plan.md': page(
    {
      title: 'Making massage part of a long-term plan',
      summary: 'Use regular massage alongside stretching and strengthening, and review your plan as you go.',
      order: 2,
      tags: ['exercise', 'long term'],
    },
    `
One massage on its own rarely makes a lasting difference. For pain that keeps coming back, many
therapists suggest a session every week or two for a set number of weeks. Do stretching and
strengthening exercise between sessions, because that keeps the benefit going. Check after a few
weeks whether it is helping, and change the plan if it is not.
`,
  ),
  'content/guides/choosing-a-massage-therapist.md': page(
    {
      title: 'Choosing a massage therapist',
      summary: 'What to ask before you book, so that you see someone trained who listens to you.',
      order: 3,
      tags: ['safety'],
    },
    `
Look for a therapist who is trained and registered with a professional body. Ask what experience
they have with back and hip pain. A good therapist asks about your health before they start and
checks the pressure with you during the massage. You can stop a session at any time if it hurts.
Your physiotherapist or doctor may know someone local.
`,
  ),
  'content/guides/gentle-stretching-at-home.md': page(
    {
      title: 'Gentle stretching at home',
      summary: 'A few slow moves for the lower back and hips to do between massage sessions.',
      order: 4,
      tags: ['exercise', 'flexibility', 'hips'],
    },
    `
Gentle stretching between sessions may help you keep the looser feeling a massage gives. Lie on
your back and hug one knee to your chest, then the other. Kneel on one knee to stretch the front
of the hip. Hold each stretch for about thirty seconds and breathe slowly. Stop if a stretch makes
the pain sharper, and ask a physiotherapist to check how you do it.
`,
  ),
  'content/guides/what-the-research-says.md': page(
    {
      title: 'What the research says',
      summary: 'Massage may ease back pain for a short time; the evidence for lasting relief is weak.',
      order: 5,
      tags: ['evidence'],
    },
    `
Studies suggest massage may ease low back pain and stiffness for a few weeks. The benefit seems
larger when massage is combined with exercise. There is little good research on hip pain, or on
which technique works best. Massage is generally safe when a trained therapist does it.
`,
  ),
};

/* The draft's file: the one page that must never be indexed. */
const DRAFT = 'content/causes/sleeping-position.md';

module.exports = { FILES, DRAFT };
