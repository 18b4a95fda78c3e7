/**
 * The series a capture's images go in (General Series): regional images in one, dermoscopic images and lesion crops
 * in another. A lesion crop that derive makes of a regional image joins the second kind, so it is numbered and
 * described as the import's lesion series is, not as the regional series it was cut from.
 */
export const TBP_IMAGE_SERIES = {
  regional: { number: 1, description: 'TBP regional images' },
  lesion: { number: 2, description: 'TBP dermoscopic images and lesion crops' },
} as const;
